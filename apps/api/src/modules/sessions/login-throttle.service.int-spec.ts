import { createHash } from 'node:crypto';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import type { ThrottlePolicy } from './login-throttle';
import { LoginThrottleService } from './login-throttle.service';

const POLICY: ThrottlePolicy = { maxFailures: 3, windowMs: 60_000, lockMs: 300_000 };
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, seconds));

describe('LoginThrottleService: attempts counted atomically in PostgreSQL before the check', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let throttle: LoginThrottleService;
  let n = 0;
  /** A fresh account and address for each test. */
  const someone = () => {
    n += 1;
    return { tenantSlug: 'acme', email: `user${n}@example.com`, address: `203.0.113.${n}` };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    throttle = new LoginThrottleService(prisma, {
      account: POLICY,
      address: { ...POLICY, maxFailures: 100 },
    });
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('evaluates maxFailures attempts in a window, then refuses for lockMs from the last evaluated one', async () => {
    const who = someone();
    expect(await throttle.countAttempt(who, at(0))).toBe(0);
    expect(await throttle.countAttempt(who, at(10))).toBe(0);
    expect(await throttle.countAttempt(who, at(20))).toBe(0);
    expect(await throttle.countAttempt(who, at(21))).toBe(299_000);
    // Refused attempts do not extend the lock.
    expect(await throttle.countAttempt(who, at(200))).toBe(120_000);
    expect(await throttle.countAttempt(who, new Date(at(20).getTime() + 300_000))).toBe(0);
  });

  it('starts a new window once the old one is over', async () => {
    const who = someone();
    await throttle.countAttempt(who, at(0));
    await throttle.countAttempt(who, at(30));
    await throttle.countAttempt(who, at(61));
    await throttle.countAttempt(who, at(62));
    expect(await throttle.countAttempt(who, at(63))).toBe(0);
  });

  it('of 20 simultaneous attempts, exactly maxFailures are let through', async () => {
    const who = someone();
    const waits = await Promise.all(Array.from({ length: 20 }, () => throttle.countAttempt(who, at(0))));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(3);
    expect(waits.filter((wait) => wait === 300_000)).toHaveLength(17);
  });

  it('a success clears the account and takes its attempt back from the address', async () => {
    const who = someone();
    await throttle.countAttempt(who, at(0));
    await throttle.countAttempt(who, at(1));
    await throttle.recordSuccess(who);
    for (const second of [2, 3, 4]) expect(await throttle.countAttempt(who, at(second))).toBe(0);
    // Stored by hash: no emails or addresses in the table.
    const ids = (await prisma.loginThrottle.findMany()).map((row) => row.id);
    expect(ids.every((id) => /^[0-9a-f]{64}$/.test(id))).toBe(true);
    // The address counted 2, gave one back for the success, then counted 3 more.
    const addressId = createHash('sha256').update(`address:${who.address}`).digest('hex');
    expect((await prisma.loginThrottle.findUniqueOrThrow({ where: { id: addressId } })).failures).toBe(4);
  });
});
