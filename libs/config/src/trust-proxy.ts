import { isIP, isIPv4 } from 'node:net';

/**
 * Express's `trust proxy` setting: false (the socket's peer is the client), true (the left-most
 * X-Forwarded-For address, i.e. trust every hop), a number of proxy hops to trust, or the
 * addresses and subnets of the proxies to trust.
 */
export type TrustProxy = boolean | number | readonly string[];

/** Names proxy-addr understands in place of an address list. */
const PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

export type TrustProxyParse = { ok: true; value: TrustProxy } | { ok: false; message: string };

function describeEntryProblem(entry: string): string | undefined {
  if (PRESETS.has(entry)) return undefined;
  const [address, range, ...extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra.length > 0) return `"${entry}" is not an IP address or subnet`;
  if (range === undefined) return undefined;
  const maxPrefix = family === 4 ? 32 : 128;
  if (/^\d{1,3}$/.test(range) && Number(range) <= maxPrefix) return undefined;
  // proxy-addr also takes IPv4 netmasks (10.0.0.0/255.0.0.0).
  if (family === 4 && isIPv4(range)) return undefined;
  return `"${entry}" has a bad prefix length (0 to ${maxPrefix})`;
}

/** Reads TRUST_PROXY's text into the value Express's `app.set('trust proxy', …)` takes. */
export function parseTrustProxy(text: string): TrustProxyParse {
  const value = text.trim();
  if (value === 'false') return { ok: true, value: false };
  if (value === 'true') return { ok: true, value: true };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops <= 100
      ? { ok: true, value: hops }
      : { ok: false, message: 'a hop count must be between 0 and 100' };
  }
  const entries = value.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const problem = entry === '' ? 'has an empty entry' : describeEntryProblem(entry);
    if (problem !== undefined) return { ok: false, message: problem };
  }
  return { ok: true, value: entries };
}
