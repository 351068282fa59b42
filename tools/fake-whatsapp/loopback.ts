/** The fakes never listen on, or talk to, anything but the loopback interface. */
export const LOOPBACK_HOST = '127.0.0.1';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Parses a webhook target and refuses anything that would leave the machine. */
export function assertLoopbackUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`Not an absolute URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:')
    throw new Error(`Only http:// loopback URLs are supported, got ${url.protocol}`);
  if (!isLoopbackHost(url.hostname)) {
    throw new Error(`fake-whatsapp only talks to loopback addresses; refused host ${url.hostname}`);
  }
  return url;
}
