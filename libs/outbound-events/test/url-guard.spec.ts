import { assertDeliverableUrl, ForbiddenUrlError, isPublicAddress, parseWebhookUrl } from '../src';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fc00::1',
    'fe80::1',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('webhook URLs', () => {
  it('must be absolute http(s) URLs without credentials', () => {
    expect(() => parseWebhookUrl('ftp://example.com/')).toThrow('url: must be an http:// or https:// URL');
    expect(() => parseWebhookUrl('/relative')).toThrow(ForbiddenUrlError);
    expect(() => parseWebhookUrl('https://user:pw@example.com/')).toThrow(
      'must not contain a user name or password',
    );
    expect(parseWebhookUrl('https://example.com/hooks?x=1').href).toBe('https://example.com/hooks?x=1');
  });

  it('refuses private and loopback hosts unless private networks are allowed', async () => {
    await expect(assertDeliverableUrl('http://127.0.0.1:8080/hook', false)).rejects.toThrow(
      'url: 127.0.0.1 is a private or reserved address (127.0.0.1)',
    );
    await expect(assertDeliverableUrl('http://[::1]/hook', false)).rejects.toThrow(ForbiddenUrlError);
    await expect(assertDeliverableUrl('http://169.254.169.254/latest/meta-data', false)).rejects.toThrow(
      ForbiddenUrlError,
    );
    // A name is resolved: localhost is loopback.
    await expect(assertDeliverableUrl('http://localhost/hook', false)).rejects.toThrow(ForbiddenUrlError);
    await expect(assertDeliverableUrl('http://127.0.0.1:8080/hook', true)).resolves.toBeInstanceOf(URL);
    await expect(assertDeliverableUrl('https://8.8.8.8/hook', false)).resolves.toBeInstanceOf(URL);
  });
});
