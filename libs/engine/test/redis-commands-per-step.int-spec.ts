import { randomUUID } from 'node:crypto';
import { testRedisConnection, testRedisUrl } from '@leadline/testing';
import Redis from 'ioredis';
import { echoFlow } from '../../../tools/bench/src/bench-flows';
import { parseMonitorLine, RedisMonitor, scriptNames } from '../../../tools/bench/src/infra/redis-monitor';
import { bullConnection, RedisInboxPublisher, RedisRecipientPacer } from '../src';
import { RedisSendBudget } from '../src/send-budget';
import { wakeContact, wakeContacts, type ContactRef } from '../src/wake';
import { waitFor } from './support/engine-harness';
import { startMetaEngineWorld, userMessageIngested, type MetaEngineWorld } from './support/meta-engine-world';

/**
 * Issue 21, tenth round: the worker's own Redis commands per conversation step, counted (MONITOR,
 * the commands a Lua script calls included, as INFO commandstats counts them), not timed. Only the
 * commands that name this test's keys (its queue prefix, its tenant's inbox channel) are counted, so
 * other tests on the same Redis do not show. "Ours" are the engine's own: the send-rate take's script
 * (send-budget.ts), the wake-key release's (wake-key-release.ts), the inbox notices (inbox-events.ts);
 * BullMQ's scripts are reported beside them, by script, and not bounded here (their idle cycle
 * depends on timing: docs/performance.md, eighth round).
 *
 * Before this round a step's own commands were 13: the take 8 (EVALSHA, TIME, 2 HMGET, 2 HSET, 2
 * PEXPIRE), the release 3 (EVALSHA, GET, DEL), 2 PUBLISH (the reply's notice, the step's). Now 10:
 * the buckets' expiry set once a minute, not per take (bucket-expiry.ts), and the step's two
 * notices in one PUBLISH (one per turn of the event loop).
 */
const OURS_PER_STEP = { take: 6, pexpire: 0, release: 3, publish: 1 };

/** What BullMQ's moveToFinished spends on keeping a finished contacts job (0 since this round). */
const RETENTION_PER_FINISH = { kept: 0, trimmed: 0 };

function retention(counts: Counts) {
  const finish = counts.byScript['bullmq moveToFinished'] ?? {};
  return {
    finishes: finish.evalsha ?? 0,
    kept: (finish.zadd ?? 0) + (finish.hset ?? 0),
    trimmed: (finish.zrevrangebyscore ?? 0) + (finish.zrevrange ?? 0) + (finish.zremrangebyrank ?? 0),
  };
}

/**
 * The take script of the version before this round (send-budget.ts at 18613f8, its first bucket
 * only), run as if in the millisecond of the bucket's last take: `now` is the bucket's `at`, not
 * Redis' TIME (a rolling deploy's older worker taking in the same millisecond as a newer one).
 */
const OLDER_TAKE_SAME_MS = `
local now = tonumber(redis.call('HGET', KEYS[1], 'at'))
local count = tonumber(ARGV[1])
local function level(key, burst, interval)
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1])
  local at = tonumber(state[2])
  if tokens == nil or at == nil then
    return burst
  end
  if now > at then
    return math.min(burst, tokens + (now - at) / interval)
  end
  return tokens
end
local function spend(key, tokens, burst, interval)
  tokens = tokens - count
  redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', key, math.ceil((burst - tokens) * interval) + 1000)
end
local cBurst = tonumber(ARGV[2])
local cInterval = tonumber(ARGV[3])
local channel = level(KEYS[1], cBurst, cInterval)
if channel < count then
  return {1, math.ceil((count - channel) * cInterval)}
end
spend(KEYS[1], channel, cBurst, cInterval)
return {0, 0}
`;

/** Contacts whose steps are counted together (as statements-per-step.int-spec.ts's batch). */
const BATCH_OF = 8;

type Counts = { byScript: Record<string, Record<string, number>>; ours: typeof OURS_PER_STEP };

/** MONITOR lines that name `markers`, grouped by script (a Lua call charged to its EVALSHA). */
function countLines(lines: readonly string[], markers: readonly string[]): Counts {
  const names = scriptNames();
  const byScript: Record<string, Record<string, number>> = {};
  const ours = { take: 0, pexpire: 0, release: 0, publish: 0 };
  let current = { script: '-', counted: false };
  for (const text of lines) {
    const line = parseMonitorLine(text);
    if (!line) continue;
    if (line.source !== 'lua') {
      const counted = line.args.some((arg) => markers.some((marker) => arg.includes(marker)));
      // The engine's own scripts, told apart by their first key: a wake key, or a rate bucket.
      const ownScript = (line.args[2] ?? '').includes(':de:wake.') ? 'release' : 'take';
      const script = line.command === 'evalsha' ? (names.get(line.args[0]) ?? ownScript) : '-';
      current = { script, counted };
    }
    if (!current.counted) continue;
    const commands = (byScript[current.script] ??= {});
    commands[line.command] = (commands[line.command] ?? 0) + 1;
    if (current.script === 'take') ours.take += 1;
    if (current.script === 'take' && line.command === 'pexpire') ours.pexpire += 1;
    if (current.script === 'release') ours.release += 1;
    if (line.command === 'publish') ours.publish += 1;
  }
  return { byScript, ours };
}

describe("Redis commands per conversation step: the worker's own", () => {
  it("a bucket's expiry is set when its refill outgrows it, not on every take", async () => {
    const prefix = `cmds-${randomUUID().slice(0, 8)}`;
    const redis = new Redis(testRedisUrl());
    const monitor = new RedisMonitor(testRedisUrl());
    const budget = new RedisSendBudget(testRedisConnection(), prefix, 80, { burst: 45, intervalMs: 6_500 });
    // A token every 10 s: the fourth take below must find the burst spent, and two counted windows
    // (100 ms each, plus MONITOR's connections) came between; at 400 ms a loaded machine refilled one.
    // Below 60 s, so the first expiry (interval + slack) still covers the second take's refill.
    const pacer = new RedisRecipientPacer(testRedisConnection(), `${prefix}:pacer`, {
      burst: 3,
      intervalMs: 10_000,
    });
    const counted = async (work: () => Promise<unknown>) => {
      await monitor.start();
      await work();
      await new Promise((resolve) => setTimeout(resolve, 100));
      return countLines(monitor.stop(), [prefix]).byScript;
    };
    const pexpires = (byScript: Record<string, Record<string, number>>) =>
      Object.values(byScript).reduce((sum, commands) => sum + (commands.pexpire ?? 0), 0);
    try {
      // A new number's and recipient's buckets: both expiries set.
      expect(pexpires(await counted(() => budget.take('channel-1', '351910000001', 1)))).toBe(2);
      // The next take: each expiry still covers its refill (the slack), none set.
      expect(pexpires(await counted(() => budget.take('channel-1', '351910000001', 1)))).toBe(0);
      // Never before the refill: the pair bucket holds 43 of 45, 2 × 6.5 s to refill.
      expect(await redis.pttl(`${prefix}:pair:channel-1:351910000001`)).toBeGreaterThan(2 * 6_500);
      // A take of an older version (no `exp` written, `at` changed, its own shorter PEXPIRE): the
      // next take sets the expiry again.
      await redis.hset(`${prefix}:pair:channel-1:351910000001`, 'at', String(Date.now() - 5));
      await redis.pexpire(`${prefix}:pair:channel-1:351910000001`, 14_000);
      expect(pexpires(await counted(() => budget.take('channel-1', '351910000001', 1)))).toBe(1);
      expect(await redis.pttl(`${prefix}:pair:channel-1:351910000001`)).toBeGreaterThan(60_000);
      // The same, by an older take in the same millisecond as the last one of ours: it writes the same
      // `at` text, fewer tokens and its own shorter PEXPIRE. The next take must set the expiry again
      // (a stamp of `at` alone trusted the longer deadline: the key expired while tokens were owed).
      const pairKey = `${prefix}:pair:channel-1:351910000001`;
      await redis.eval(OLDER_TAKE_SAME_MS, 1, pairKey, 1, 45, 6_500);
      const owed = 45 - Number(await redis.hget(pairKey, 'tokens'));
      expect(await redis.pttl(pairKey)).toBeLessThanOrEqual(Math.ceil(owed * 6_500) + 1_000);
      expect(pexpires(await counted(() => budget.take('channel-1', '351910000001', 1)))).toBe(1);
      expect(await redis.pttl(pairKey)).toBeGreaterThan(Math.ceil((owed + 1) * 6_500) + 1_000);
      // The Temporal engine's pacer shares the layout: once, then not, and it still paces.
      expect(pexpires(await counted(() => pacer.take('channel-1', '351910000002')))).toBe(1);
      expect(pexpires(await counted(() => pacer.take('channel-1', '351910000002')))).toBe(0);
      expect(await pacer.take('channel-1', '351910000002')).toBe(0);
      expect(await pacer.take('channel-1', '351910000002')).toBeGreaterThan(0);
    } finally {
      monitor.stop();
      await budget.close();
      await pacer.close();
      await redis.quit();
    }
  });

  describe('through the engine', () => {
    let world: MetaEngineWorld;
    let inbox: RedisInboxPublisher;

    beforeAll(async () => {
      inbox = new RedisInboxPublisher(bullConnection(testRedisUrl()));
      world = await startMetaEngineWorld({
        flows: [echoFlow()],
        engine: {
          sweepIntervalMs: 3_600_000,
          channelPollMs: 3_600_000,
          contactStepBatch: { maxDelayMs: 500, maxRows: 32 },
          answerBatch: { maxDelayMs: 200, maxRows: 32 },
          notify: inbox.notify,
        },
      });
    });

    afterAll(async () => {
      await world?.stop();
      await inbox?.close();
    });

    const atTheFake = (to: string) =>
      world.fake.sent().filter((m) => m.to.replace(/\D/g, '') === to.slice(1));
    const say = (to: string, text: string): Promise<ContactRef> => userMessageIngested(world, to, text);

    /** The commands naming this world's keys while `work` runs and until its after-commit work is done. */
    async function during(work: () => Promise<unknown>): Promise<Counts> {
      const monitor = new RedisMonitor(testRedisUrl());
      await monitor.start();
      await work();
      await new Promise((resolve) => setTimeout(resolve, 700)); // the answers' batch, the notices
      return countLines(monitor.stop(), [world.queuePrefix, world.tenantId]);
    }

    it('a steady-state step: the take, the release and one notice', async () => {
      const phone = '+351915550401';
      const first = await say(phone, 'benchmark please');
      await wakeContact(world.engine.queue)(first.tenantId, first.contactId);
      await waitFor('the first reply', () => (atTheFake(phone).length === 1 ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 700));
      const counts = await during(async () => {
        const contact = await say(phone, 'an answer');
        await wakeContact(world.engine.queue)(contact.tenantId, contact.contactId);
        await waitFor('the reply', () => (atTheFake(phone).length === 2 ? true : undefined));
      });
      process.stdout.write(`Redis commands of one step: ${JSON.stringify(counts)}\n`);
      expect(world.errors).toEqual([]);
      expect(counts.ours).toEqual(OURS_PER_STEP);
      // The contacts job deleted as it finishes (ENGINE_QUEUES): one DEL more in moveToFinished, and
      // none of the retention's five (ZADD to the completed set, HSET finishedOn, and the trimming's
      // ZREVRANGEBYSCORE, ZREVRANGE, ZREMRANGEBYRANK; before any older job is evicted).
      expect(retention(counts)).toEqual({ finishes: 1, ...RETENTION_PER_FINISH });
    });

    it(`${BATCH_OF} contacts' steps woken at once: the same per step, the notices shared`, async () => {
      const phones = Array.from({ length: BATCH_OF }, (_, index) => `+35191555${String(410 + index)}`);
      const contacts: ContactRef[] = [];
      for (const to of phones) contacts.push(await say(to, 'benchmark please'));
      await wakeContacts(world.engine.queue)(contacts);
      await waitFor('the first replies', () =>
        phones.every((to) => atTheFake(to).length === 1) ? true : undefined,
      );
      await new Promise((resolve) => setTimeout(resolve, 700));
      const counts = await during(async () => {
        for (const to of phones) await say(to, 'an answer');
        await wakeContacts(world.engine.queue)(contacts);
        await waitFor('the replies', () =>
          phones.every((to) => atTheFake(to).length === 2) ? true : undefined,
        );
      });
      process.stdout.write(`Redis commands of ${BATCH_OF} steps: ${JSON.stringify(counts)}\n`);
      expect(world.errors).toEqual([]);
      expect(counts.ours).toMatchObject({
        take: OURS_PER_STEP.take * BATCH_OF,
        pexpire: 0,
        release: OURS_PER_STEP.release * BATCH_OF,
      });
      expect(retention(counts)).toEqual({ finishes: BATCH_OF, ...RETENTION_PER_FINISH });
      // One tenant: the batch's notices leave in one PUBLISH per turn, fewer than one a step.
      expect(counts.ours.publish).toBeLessThan(BATCH_OF);
    });
  });
});
