import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { createPrismaClient, type PrismaClient } from '../src';

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient({ url: db.url });
});

afterAll(async () => {
  jest.restoreAllMocks();
  await prisma?.$disconnect();
  await db?.drop();
});

/**
 * The most queries one pg connection had in flight at once while `work` ran: above 1 is what pg
 * warns of ("Calling client.query() when the client is already executing a query is deprecated").
 */
async function mostAtOnce(work: () => Promise<unknown>): Promise<number> {
  const inFlight = new Map<pg.Client, number>();
  let most = 0;
  const query = pg.Client.prototype.query;
  const spy = jest.spyOn(pg.Client.prototype, 'query').mockImplementation(function (
    this: pg.Client,
    ...args: unknown[]
  ) {
    const result = (query as (...a: unknown[]) => unknown).apply(this, args);
    if (result instanceof Promise) {
      inFlight.set(this, (inFlight.get(this) ?? 0) + 1);
      most = Math.max(most, inFlight.get(this)!);
      const done = () => inFlight.set(this, inFlight.get(this)! - 1);
      result.then(done, done);
    }
    return result as never;
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return most;
}

describe('a transaction on one pg connection', () => {
  it('reads rows with three relations one query at a time', async () => {
    const tenant = await prisma.tenant.create({
      data: { slug: `one-at-a-time-${Date.now()}`, name: 'Line' },
    });
    const contact = await prisma.contact.create({ data: { tenantId: tenant.id, phone: '+447700900001' } });
    const channel = await prisma.channel.create({
      data: {
        tenantId: tenant.id,
        provider: 'sandbox',
        phoneNumberId: `sandbox-${tenant.id}`,
        displayPhone: '+15550100000',
        status: 'active',
      },
    });
    await prisma.conversation.create({
      data: { tenantId: tenant.id, contactId: contact.id, channelId: channel.id },
    });
    // Prisma reads each included relation with its own query and starts them together.
    let read: unknown;
    const most = await mostAtOnce(async () => {
      read = await prisma.$transaction((tx) =>
        tx.tenant.findMany({
          where: { id: tenant.id },
          // (conversations hang off the contact: their tenant is pinned by the contact's composite key)
          include: { contacts: { include: { conversations: true } }, channels: true, flowRuns: true },
        }),
      );
    });
    expect(read).toMatchObject([
      { contacts: [{ id: contact.id, conversations: [{}] }], channels: [{ id: channel.id }], flowRuns: [] },
    ]);
    expect(most).toBe(1);
  });
});
