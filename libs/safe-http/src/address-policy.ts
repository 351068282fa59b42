import ipaddr from 'ipaddr.js';

/**
 * Whether an outbound request may connect to this address when private networks are not allowed:
 * only global unicast. Refused: private (10/8, 172.16/12, 192.168/16), loopback, link-local (cloud
 * metadata at 169.254.169.254), CGNAT (100.64/10), multicast, broadcast, unspecified, reserved and
 * documentation ranges; IPv6 loopback, ULA (fc00::/7), link-local, multicast, and every IPv4 form
 * embedded in IPv6 (mapped ::ffff:a.b.c.d is judged by its IPv4; NAT64 and 6to4 are refused).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

/** An address in its canonical text form (for messages and comparisons). */
export function canonicalAddress(address: string): string {
  return ipaddr.isValid(address) ? ipaddr.parse(address).toString() : address;
}
