import Redis, { type RedisOptions } from 'ioredis';
import { BUCKET_EXPIRY_LUA } from './bucket-expiry';
import { RetryLaterError } from './retry-later.error';

/**
 * WhatsApp's pair rate: one message every 6 s to the same user, with bursts of up to 45 that borrow
 * from the future quota (Meta answers 131056 beyond it). The engine paces each recipient by a token
 * bucket of that shape so it rarely meets the error. The interval carries a small margin: our bucket
 * and Meta's are not refilled at the same instant (the request takes time to arrive), so a send that
 * our bucket just allowed could otherwise reach Meta a few milliseconds early.
 */
export interface PairLimit {
  burst: number;
  intervalMs: number;
}

export const WHATSAPP_PAIR_LIMIT: PairLimit = { burst: 45, intervalMs: 6_500 };

/** Takes one send from a recipient's allowance: 0 when it may go now, else how long to wait (ms). */
export interface RecipientPacer {
  take(channelId: string, recipient: string): Promise<number>;
}

/** A send that must wait for its recipient's allowance; the engine delays the job without counting an attempt. */
export class RecipientPacedError extends RetryLaterError {
  constructor(messageId: string, delayMs: number) {
    super(
      `message ${messageId}: its recipient's pair rate allows the next message in ${delayMs} ms`,
      delayMs,
    );
    this.name = 'RecipientPacedError';
  }
}

/**
 * The token bucket, atomic in Redis so every worker process shares it. Time comes from Redis itself
 * (one clock for all workers). A bucket that is full again is worth nothing, so the key expires then
 * (set once per refill time, not per take: bucket-expiry.ts).
 */
const TAKE_SCRIPT = `${BUCKET_EXPIRY_LUA}
local burst = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'exp')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
local expiry = bucketExpiry(state)
if tokens == nil or at == nil then
  tokens = burst
  at = now
  expiry = nil
end
if now > at then
  tokens = math.min(burst, tokens + (now - at) / interval)
  at = now
end
if tokens >= 1 then
  writeBucket(KEYS[1], tokens - 1, at, now, burst, interval, expiry)
  return 0
end
return math.ceil((1 - tokens) * interval)
`;

export class RedisRecipientPacer implements RecipientPacer {
  private readonly redis: Redis;

  constructor(
    connection: RedisOptions,
    private readonly keyPrefix: string,
    private readonly limit: PairLimit = WHATSAPP_PAIR_LIMIT,
  ) {
    if (!(limit.burst >= 1) || !(limit.intervalMs > 0))
      throw new RangeError('pair limit needs burst >= 1 and intervalMs > 0');
    this.redis = new Redis({ ...connection, lazyConnect: true, maxRetriesPerRequest: 3 });
    this.redis.on('error', () => undefined); // surfaced by take(), which the send job retries
  }

  async take(channelId: string, recipient: string): Promise<number> {
    const key = `${this.keyPrefix}:pair:${channelId}:${recipient}`;
    const wait = await this.redis.eval(TAKE_SCRIPT, 1, key, this.limit.burst, this.limit.intervalMs);
    return Number(wait);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  disconnect(): void {
    this.redis.disconnect();
  }
}
