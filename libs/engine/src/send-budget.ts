import Redis, { type RedisOptions } from 'ioredis';
import { BUCKET_EXPIRY_LUA } from './bucket-expiry';
import type { PairLimit } from './recipient-pacer';
import { RetryLaterError } from './retry-later.error';

/**
 * What a send may spend before it reaches the provider: one token of its WhatsApp number's rate
 * (sendRatePerSecond, Meta's 80 messages/s by default) and one of its recipient's pair rate
 * (recipient-pacer.ts). Both buckets live in Redis and are taken together, all or nothing, by one
 * EVALSHA: the contact job's inline send (send-inline.ts) and the send worker's claim
 * (send-messages.ts) spend the same tokens, so the number's rate holds whichever of them sends.
 */
export interface SendBudget {
  /**
   * Takes `count` sends from the number's rate and, unless `recipient` is null (the sandbox, which
   * WhatsApp does not pace), from the recipient's pair rate. `waitMs` 0: taken; otherwise nothing
   * was taken and `limitedBy` says which bucket was short.
   */
  take(channelId: string, recipient: string | null, count: number): Promise<BudgetAnswer>;
}

export type BudgetAnswer = { waitMs: 0 } | { waitMs: number; limitedBy: 'channel' | 'recipient' };

/** The send worker met a spent channel rate: the engine rate-limits its queue (BullMQ manual rate limit). */
export class ChannelRateLimitedError extends RetryLaterError {
  constructor(messageId: string, delayMs: number) {
    super(`message ${messageId}: its number's send rate allows the next message in ${delayMs} ms`, delayMs);
    this.name = 'ChannelRateLimitedError';
  }
}

/**
 * Two token buckets (the layout of recipient-pacer.ts's, fields `tokens`, `at` and `exp` (when the
 * key's expiry was last set, bucket-expiry.ts), so the Temporal
 * engine's channel bucket, `<prefix>:rate:pair:<channel>:*`, is this one too), refilled from Redis'
 * own clock, taken only if both hold `count`. KEYS[2] absent: the channel's bucket only.
 */
const TAKE_BOTH = `${BUCKET_EXPIRY_LUA}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local count = tonumber(ARGV[1])
local function level(key, burst, interval)
  local state = redis.call('HMGET', key, 'tokens', 'at', 'exp')
  local tokens = tonumber(state[1])
  local at = tonumber(state[2])
  if tokens == nil or at == nil then
    return burst, nil
  end
  if now > at then
    return math.min(burst, tokens + (now - at) / interval), bucketExpiry(state)
  end
  return tokens, bucketExpiry(state)
end
local cBurst = tonumber(ARGV[2])
local cInterval = tonumber(ARGV[3])
local channel, channelExpiry = level(KEYS[1], cBurst, cInterval)
if channel < count then
  return {1, math.ceil((count - channel) * cInterval)}
end
if #KEYS > 1 then
  local pBurst = tonumber(ARGV[4])
  local pInterval = tonumber(ARGV[5])
  local pair, pairExpiry = level(KEYS[2], pBurst, pInterval)
  if pair < count then
    return {2, math.ceil((count - pair) * pInterval)}
  end
  writeBucket(KEYS[2], pair - count, now, now, pBurst, pInterval, pairExpiry)
end
writeBucket(KEYS[1], channel - count, now, now, cBurst, cInterval, channelExpiry)
return {0, 0}
`;

type BudgetRedis = Redis & {
  sendBudgetTake(...args: Array<string | number>): Promise<[number, number]>;
};

export class RedisSendBudget implements SendBudget {
  private readonly redis: BudgetRedis;

  constructor(
    connection: RedisOptions,
    private readonly keyPrefix: string,
    /** Messages per second per number; its bucket holds one second of them. */
    private readonly ratePerSecond: number,
    /** The recipient's pair rate; false leaves it to Meta's 131056. */
    private readonly pair: PairLimit | false,
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError('the send rate must be above 0');
    if (pair !== false && (!(pair.burst >= 1) || !(pair.intervalMs > 0)))
      throw new RangeError('pair limit needs burst >= 1 and intervalMs > 0');
    // Auto-pipelined (issue 21, seventh round): the steps of a contact-step batch take their rates
    // together, right after the batch's gate, so their takes leave in one socket write. Each take
    // is still one EVALSHA, atomic on its own, run in the order it was asked.
    this.redis = new Redis({
      ...connection,
      lazyConnect: true,
      maxRetriesPerRequest: 3,
      enableAutoPipelining: true,
    }) as BudgetRedis;
    this.redis.on('error', () => undefined); // surfaced by take(), whose callers fall back or retry
    // defineCommand: EVALSHA, the script sent again only when Redis does not know it (NOSCRIPT).
    this.redis.defineCommand('sendBudgetTake', { lua: TAKE_BOTH });
  }

  /** The auto-pipelined connection the takes go through (the wake-key releases share it). */
  get connection(): Redis {
    return this.redis;
  }

  /** Called right before each take is sent: what it sends leaves in the take's socket write. */
  beforeTake: () => void = () => undefined;

  async take(channelId: string, recipient: string | null, count: number): Promise<BudgetAnswer> {
    this.beforeTake();
    const channelKey = `${this.keyPrefix}:rate:pair:${channelId}:*`;
    const paced = recipient !== null && this.pair !== false;
    const keys = paced ? [channelKey, `${this.keyPrefix}:pair:${channelId}:${recipient}`] : [channelKey];
    const pair = this.pair === false ? { burst: 1, intervalMs: 1 } : this.pair;
    const [short, waitMs] = await this.redis.sendBudgetTake(
      keys.length,
      ...keys,
      count,
      Math.max(1, this.ratePerSecond),
      1000 / this.ratePerSecond,
      pair.burst,
      pair.intervalMs,
    );
    if (Number(short) === 0) return { waitMs: 0 };
    return { waitMs: Math.max(1, Number(waitMs)), limitedBy: Number(short) === 1 ? 'channel' : 'recipient' };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  disconnect(): void {
    this.redis.disconnect();
  }
}
