/**
 * Polls `probe` until it returns something other than undefined/false, or fails after `timeoutMs`
 * with the last value seen (so a timeout says what was there instead).
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    last = value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Waits until `probe()` has given the same value (compared as JSON) for `quietMs`, at most
 * `timeoutMs`: how a test knows that nothing more is coming before it asserts "exactly once".
 */
export async function settled<T>(
  probe: () => T | Promise<T>,
  quietMs = 1_000,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) {
      throw new Error(`still changing after ${timeoutMs} ms (now ${JSON.stringify(value)})`);
    }
    await sleep(50);
    const next = await probe();
    if (JSON.stringify(next) !== JSON.stringify(value)) {
      value = next;
      since = Date.now();
    }
  }
  return value;
}
