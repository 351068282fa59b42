/**
 * Lua shared by the token buckets' scripts (send-budget.ts, recipient-pacer.ts): how a bucket is
 * written back and when its key's expiry is set. A bucket that is full again is worth nothing, so its
 * key expires then, never before (a key gone reads as a full bucket: expiring early would hand out
 * tokens the rate does not have; late costs only memory).
 *
 * Issue 21, tenth round: the expiry was set on every take (`PEXPIRE` after the `HSET`, two of the
 * take script's eight commands per step for its two buckets). A take now sets it only when the
 * expiry it set last does not cover the bucket's refill any more, and then a minute further (the
 * slack), so a bucket taken from steadily sets its expiry about once a minute instead of once per
 * take. A key may so outlive its refill by a minute at most: one small hash per number and per
 * recipient written to in the last refill time and minute. (The slack was first one full refill,
 * `burst * interval`, at least a minute: a pair bucket, 45 × 6.5 s, then lived ~5 minutes past its
 * refill instead of one second; capped at the minute since the review.) The hash remembers
 * that expiry in a field `exp` as `<expiry ms>:<at>:<tokens>`, written with every take in the same
 * `HSET`; it is trusted only while the bucket's `at` and `tokens` are still the ones written with it.
 * A take of an older version (fields `tokens` and `at` only, and a `PEXPIRE` of its own, shorter)
 * always changes `tokens` (it takes at least one), even when it runs in the same millisecond as ours
 * and writes the same `at`; so the next take sees the stamp differ and sets the expiry again: mixed
 * versions during a deploy never leave a key expiring before its refill (a stamp of `<at>` alone was
 * fooled by such a same-millisecond take: review of issue 21's tenth round).
 */
export const BUCKET_EXPIRY_LUA = `
local function bucketExpiry(state)
  local exp = state[3]
  if not exp or not state[1] or not state[2] then
    return nil
  end
  local sep = string.find(exp, ':', 1, true)
  if not sep or string.sub(exp, sep + 1) ~= state[2] .. ':' .. state[1] then
    return nil
  end
  return tonumber(string.sub(exp, 1, sep - 1))
end
local function writeBucket(key, tokens, at, now, burst, interval, expiry)
  local needed = now + math.ceil((burst - tokens) * interval) + 1000
  local atText = tostring(at)
  local tokensText = tostring(tokens)
  local stamp = ':' .. atText .. ':' .. tokensText
  if expiry ~= nil and expiry >= needed then
    redis.call('HSET', key, 'tokens', tokensText, 'at', atText, 'exp', tostring(expiry) .. stamp)
    return
  end
  local deadline = needed + 60000
  redis.call('HSET', key, 'tokens', tokensText, 'at', atText, 'exp', tostring(deadline) .. stamp)
  redis.call('PEXPIRE', key, deadline - now)
end
`;
