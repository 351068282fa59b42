/**
 * Lua shared by the token buckets' scripts (send-budget.ts, recipient-pacer.ts): how a bucket is
 * written back and when its key's expiry is set. A bucket that is full again is worth nothing, so its
 * key expires then, never before (a key gone reads as a full bucket: expiring early would hand out
 * tokens the rate does not have; late costs only memory).
 *
 * Issue 21, tenth round: the expiry was set on every take (`PEXPIRE` after the `HSET`, two of the
 * take script's eight commands per step for its two buckets). A take now sets it only when the
 * expiry it set last does not cover the bucket's refill any more, and then one full refill further
 * (`burst * interval` of slack, at least a minute: a number's bucket refills in one second), so a
 * bucket taken from steadily sets its expiry about once a minute (a recipient's pair bucket, 45 sends
 * at one per 6.5 s, once per ~5 minutes) instead of once per take. A key may so outlive its refill by
 * that slack: one small hash per number and per recipient recently written to. The hash remembers that expiry in a field `exp` as
 * `<expiry ms>:<at>`, written with every take in the same `HSET`; it is trusted only while the
 * bucket's `at` is still the one written with it. A take of an older version (fields `tokens` and
 * `at` only, and a `PEXPIRE` of its own, shorter) changes `at` and not `exp`, so the next take sets
 * the expiry again: mixed versions during a deploy never leave a key expiring before its refill.
 */
export const BUCKET_EXPIRY_LUA = `
local function bucketExpiry(state)
  local exp = state[3]
  if not exp or not state[2] then
    return nil
  end
  local sep = string.find(exp, ':', 1, true)
  if not sep or string.sub(exp, sep + 1) ~= state[2] then
    return nil
  end
  return tonumber(string.sub(exp, 1, sep - 1))
end
local function writeBucket(key, tokens, at, now, burst, interval, expiry)
  local needed = now + math.ceil((burst - tokens) * interval) + 1000
  local atText = tostring(at)
  if expiry ~= nil and expiry >= needed then
    redis.call('HSET', key, 'tokens', tostring(tokens), 'at', atText, 'exp', tostring(expiry) .. ':' .. atText)
    return
  end
  local deadline = needed + math.max(60000, math.ceil(burst * interval))
  redis.call('HSET', key, 'tokens', tostring(tokens), 'at', atText, 'exp', tostring(deadline) .. ':' .. atText)
  redis.call('PEXPIRE', key, deadline - now)
end
`;
