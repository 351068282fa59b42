import ipaddr from 'ipaddr.js';

/** Global unicast IPv6 (RFC 4291 2000::/3): everything else in IPv6 is special-purpose. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
/** IPv4-compatible IPv6 (::a.b.c.d, deprecated by RFC 4291): judged by the IPv4 it carries. */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/**
 * The address in the one form the policy judges, or undefined when it is not an IP address.
 * IPv6 that merely wraps an IPv4 address — mapped `::ffff:a.b.c.d` and the deprecated compatible
 * form `::a.b.c.d` — becomes that IPv4 address. Browsers and Node's URL parser print
 * `[::127.0.0.1]` as `[::7f00:1]`, which ipaddr.js's `range()` calls plain "unicast": judging the
 * wrapper instead of the address it carries is how loopback and cloud metadata passed as public.
 * The bits are read by hand because ipaddr.js's text parser turns `::a.b.c.d` into the mapped form
 * (its own `isIPv4MappedAddress()` alone would miss `::7f00:1`).
 */
export function normaliseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const text = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(text)) return undefined;
  const parsed = ipaddr.parse(text);
  if (parsed.kind() === 'ipv4') return parsed;
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  const range = v6.range();
  // `::` and `::1` sit inside ::/96 too; they keep their own IPv6 meaning.
  if (range !== 'unspecified' && range !== 'loopback' && v6.match(IPV4_COMPATIBLE)) {
    const [high, low] = v6.parts.slice(6);
    return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  }
  return v6;
}

/**
 * Whether an outbound request may connect to this address when private networks are not allowed:
 * only global unicast. Every address form is normalised first (normaliseAddress). Refused: private
 * (10/8, 172.16/12, 192.168/16), loopback, link-local (cloud metadata at 169.254.169.254), CGNAT
 * (100.64/10), multicast, broadcast, unspecified, reserved and documentation ranges; in IPv6 anything
 * outside global unicast 2000::/3 (loopback, ULA fc00::/7, link-local, multicast, the old site-local,
 * discard) and, inside it, every range that carries or translates IPv4 (NAT64 64:ff9b::/96 and
 * 64:ff9b:1::/48 are outside 2000::/3; 6to4 2002::/16, Teredo 2001::/32) or is not routed (2001:db8::/32).
 */
export function isPublicAddress(address: string): boolean {
  const parsed = normaliseAddress(address);
  if (!parsed || isAlwaysBlocked(address)) return false;
  if (parsed.kind() === 'ipv4') return parsed.range() === 'unicast';
  return parsed.range() === 'unicast' && (parsed as ipaddr.IPv6).match(GLOBAL_UNICAST_V6);
}

/** An address in its canonical text form (for messages and comparisons). */
export function canonicalAddress(address: string): string {
  return ipaddr.isValid(address) ? ipaddr.parse(address).toString() : address;
}

/**
 * Addresses no setting opens: cloud instance metadata and link-local (169.254.169.254 and the rest
 * of 169.254/16 — AWS, GCP, Azure, ECS task metadata; AWS's IPv6 fd00:ec2::254; Alibaba's
 * 100.100.100.200; Azure's wire server 168.63.129.16; IPv6 link-local) and the unspecified address
 * (0.0.0.0 and :: reach the local host). Credentials live there: an allow-list entry that covers
 * them (say 0.0.0.0/0) still does not.
 */
const ALWAYS_BLOCKED = [
  '169.254.0.0/16',
  '100.100.100.200/32',
  '168.63.129.16/32',
  '0.0.0.0/8',
  'fd00:ec2::254/128',
  'fe80::/10',
  '::/128',
].map((cidr) => ipaddr.parseCIDR(cidr));

function inRange(address: ipaddr.IPv4 | ipaddr.IPv6, [network, bits]: [ipaddr.IPv4 | ipaddr.IPv6, number]) {
  return address.kind() === network.kind() && address.match(network, bits);
}

/** Cloud metadata, link-local and unspecified addresses: refused whatever the settings say. */
export function isAlwaysBlocked(address: string): boolean {
  const parsed = normaliseAddress(address);
  return !parsed || ALWAYS_BLOCKED.some((range) => inRange(parsed, range));
}

/** Private hosts and networks a self-hoster opened (HTTP_PRIVATE_ALLOWLIST), parsed once. */
export interface PrivateAllowlist {
  hosts: ReadonlySet<string>;
  ranges: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
}

/** Parses allow-list entries: host names, IP addresses, CIDR ranges. Throws naming a bad entry. */
export function parsePrivateAllowlist(entries: readonly string[]): PrivateAllowlist {
  const hosts = new Set<string>();
  const ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry.includes('/')) {
      if (!ipaddr.isValidCIDR(entry)) throw new Error(`"${raw}" is not a valid CIDR range`);
      const [network, bits] = ipaddr.parseCIDR(entry);
      const unwrapped = normaliseAddress(network.toString()) ?? network;
      // An IPv4-mapped range (::ffff:10.0.0.0/104) is the IPv4 range it carries.
      ranges.push(unwrapped.kind() !== network.kind() ? [unwrapped, bits - 96] : [network, bits]);
    } else if (ipaddr.isValid(entry)) {
      const address = normaliseAddress(entry) as ipaddr.IPv4 | ipaddr.IPv6;
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else {
      hosts.add(entry.replace(/\.$/, ''));
    }
  }
  return { hosts, ranges };
}

/**
 * Whether a private address may be reached: its host name is allow-listed (any address it resolves
 * to, the self-hoster trusts their own DNS) or the address is in an allow-listed range. Metadata and
 * link-local addresses never are (isAlwaysBlocked), whatever the list holds.
 */
export function isAllowlisted(list: PrivateAllowlist, hostname: string, address: string): boolean {
  if (isAlwaysBlocked(address)) return false;
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  if (list.hosts.has(host)) return true;
  const parsed = normaliseAddress(address);
  return parsed !== undefined && list.ranges.some((range) => inRange(parsed, range));
}
