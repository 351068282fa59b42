import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { isPublicAddress } from '@leadline/safe-http';

/**
 * Webhook URLs are the tenant's to choose, so by default they may not point into our own network
 * (loopback, RFC 1918, link-local cloud metadata at 169.254.169.254, unique-local IPv6, ...): only
 * public unicast addresses are reached. Checked when a subscription is made and again on every
 * connection, through the socket's DNS lookup, so a name that later resolves to a private address
 * (DNS rebinding) is refused too. What counts as public is @leadline/safe-http's address policy, the
 * same one the HTTP node obeys.
 */
export class ForbiddenUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenUrlError';
  }
}

/** Syntax only: an absolute http(s) URL without credentials. */
export function parseWebhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ForbiddenUrlError('url: must be an absolute http:// or https:// URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ForbiddenUrlError('url: must be an http:// or https:// URL');
  }
  if (url.username || url.password) {
    throw new ForbiddenUrlError('url: must not contain a user name or password');
  }
  if (text.length > 2000) throw new ForbiddenUrlError('url: must be at most 2000 characters');
  return url;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for http.request that fails the connection when any resolved address is not public. */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      const bad = list.find((entry) => !isPublicAddress(entry.address));
      if (bad && !allowPrivate) {
        return callback(
          Object.assign(new ForbiddenUrlError(`${hostname} resolves to a private address (${bad.address})`), {
            code: 'EPRIVATEADDRESS',
          }),
          [],
        );
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      const first = list[0]!;
      return callback(null, first.address, first.family);
    });
  };
}

/** Refuses a URL whose host is, or resolves to, a non-public address (unless private ones are allowed). */
export async function assertDeliverableUrl(text: string, allowPrivate: boolean): Promise<URL> {
  const url = parseWebhookUrl(text);
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [host]
    : await new Promise<string[]>((resolve, reject) =>
        dnsLookup(host, { all: true }, (error, found) =>
          error
            ? reject(new ForbiddenUrlError(`url: the host ${host} cannot be resolved`))
            : resolve(found.map((entry) => entry.address)),
        ),
      );
  const bad = addresses.find((address) => !isPublicAddress(address));
  if (bad) {
    throw new ForbiddenUrlError(
      `url: ${host} is a private or reserved address (${bad}); webhooks only go to public addresses`,
    );
  }
  return url;
}
