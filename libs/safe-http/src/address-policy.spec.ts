import { isAllowlisted, isPublicAddress, parsePrivateAllowlist } from './address-policy';

describe('isPublicAddress', () => {
  it.each([
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.1.2.3', 'loopback'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.64.0.1', 'CGNAT'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['0.0.0.0', 'unspecified'],
    ['192.0.2.10', 'documentation'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fe80::1', 'IPv6 link-local'],
    ['fc00::1', 'IPv6 ULA'],
    ['fd12:3456::1', 'IPv6 ULA'],
    ['ff02::1', 'IPv6 multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex form'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:169.254.169.254', 'IPv4-mapped link-local'],
    ['64:ff9b::a00:1', 'NAT64 of a private address'],
    ['2002:a00:1::', '6to4 of a private address'],
    ['::7f00:1', 'IPv4-compatible loopback, as the URL parser prints [::127.0.0.1]'],
    ['::127.0.0.1', 'IPv4-compatible loopback'],
    ['::a9fe:a9fe', 'IPv4-compatible cloud metadata'],
    ['::169.254.169.254', 'IPv4-compatible cloud metadata, dotted'],
    ['::a00:1', 'IPv4-compatible private'],
    ['[::ffff:169.254.169.254]', 'IPv4-mapped metadata in brackets'],
    ['::ffff:0:7f00:1', 'IPv4-translated (RFC 6145) loopback'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['64:ff9b:1::a9fe:a9fe', 'local-use NAT64 (RFC 8215) of metadata'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['2001:db8::1', 'IPv6 documentation'],
    ['fec0::1', 'IPv6 site-local (deprecated)'],
    ['100::1', 'IPv6 discard'],
    ['fe80::1%eth0', 'IPv6 link-local with a zone'],
    ['not-an-ip', 'not an address'],
  ])('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.215.14',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '::808:808',
    '[2a00:1450:4001:82a::200e]',
  ])('allows the public address %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('the private allow-list (HTTP_PRIVATE_ALLOWLIST)', () => {
  const list = parsePrivateAllowlist(['crm.lan', '192.168.1.20', '10.1.0.0/16', 'fd12::/64', '0.0.0.0/0']);

  it.each([
    ['crm.lan', '10.9.9.9', true],
    ['CRM.lan.', '10.9.9.9', true],
    ['other.lan', '192.168.1.20', true],
    ['other.lan', '::ffff:192.168.1.20', true],
    ['other.lan', '10.1.200.3', true],
    ['other.lan', 'fd12::5', true],
    ['other.lan', 'fd13::5', false],
    // 0.0.0.0/0 covers them, but metadata, link-local and unspecified are never opened.
    ['crm.lan', '169.254.169.254', false],
    ['other.lan', '::a9fe:a9fe', false],
    ['other.lan', '100.100.100.200', false],
    ['other.lan', 'fd00:ec2::254', false],
    ['other.lan', '0.0.0.0', false],
    ['other.lan', 'fe80::1', false],
  ])('%s at %s: %s', (host, address, expected) => {
    expect(isAllowlisted(list, host, address)).toBe(expected);
  });

  it('keeps metadata addresses out of the public policy too', () => {
    expect(isPublicAddress('168.63.129.16')).toBe(false);
    expect(isPublicAddress('100.100.100.200')).toBe(false);
  });

  it('names an entry it cannot read', () => {
    expect(() => parsePrivateAllowlist(['10.0.0.0/40'])).toThrow('"10.0.0.0/40" is not a valid CIDR range');
  });
});
