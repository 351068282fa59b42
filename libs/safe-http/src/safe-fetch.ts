import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import {
  canonicalAddress,
  isAllowlisted,
  isAlwaysBlocked,
  isPublicAddress,
  parsePrivateAllowlist,
} from './address-policy';
import { OutboundRequestRefusedError, ResponseTooLargeError } from './safe-fetch.errors';

export interface SafeFetchOptions {
  /**
   * Private host names, addresses and CIDR ranges that may be called all the same: self-hosters'
   * own LAN services (HTTP_PRIVATE_ALLOWLIST). Cloud metadata and link-local addresses stay refused.
   */
  privateAllowlist?: readonly string[];
  /** The setting a refusal message names as the way to allow a private host (e.g. HTTP_PRIVATE_ALLOWLIST). */
  allowlistSetting?: string;
  /** Responses above this are refused (default 1 MiB). */
  maxResponseBytes?: number;
  /** Redirects followed, each re-checked (default 3); 0 refuses them. */
  maxRedirects?: number;
  /** Every address of a host name (default: the system resolver, all families). */
  resolve?: (hostname: string) => Promise<string[]>;
  /** Replaces the address rule altogether (tests that need a loopback server to count as public). */
  allowAddress?: (address: string) => boolean;
}

export interface SafeRequestInit {
  method?: string;
  headers?: HeadersInit;
  body?: string | Uint8Array | null;
  signal?: AbortSignal | null;
}

export type SafeFetch = (url: string | URL, init?: SafeRequestInit) => Promise<Response>;

const DEFAULT_MAX_BYTES = 1024 * 1024;
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

async function systemResolve(hostname: string): Promise<string[]> {
  const records = await dnsLookup(hostname, { all: true, verbatim: true });
  return records.map((record) => record.address);
}

/**
 * `fetch` for URLs that flow authors and activity code choose: the host is resolved once, every
 * address it resolves to is checked, and the connection is pinned to the checked address (a DNS
 * answer that changes between check and connect — rebinding — cannot redirect it). Redirects are
 * followed by hand, each hop checked again; a hop to another origin carries none of the caller's
 * headers (they may hold secrets). Bodies are buffered up to a cap.
 */
export function createSafeFetch(options: SafeFetchOptions = {}): SafeFetch {
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? 3;
  const resolve = options.resolve ?? systemResolve;
  const allowlist = parsePrivateAllowlist(options.privateAllowlist ?? []);
  const allowed = (host: string, address: string) =>
    options.allowAddress
      ? options.allowAddress(address)
      : isPublicAddress(address) || isAllowlisted(allowlist, host, address);
  const hint = options.allowlistSetting
    ? ` (to allow a host of your own network, add it to ${options.allowlistSetting})`
    : '';

  async function pinnedAddress(url: URL): Promise<{ address: string; family: 4 | 6 }> {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host) ? [host] : await resolve(host);
    if (addresses.length === 0) throw new OutboundRequestRefusedError(`${host} has no address`);
    for (const address of addresses) {
      if (!allowed(host, address)) {
        const where = isIP(host) ? canonicalAddress(address) : `${host} (${canonicalAddress(address)})`;
        throw new OutboundRequestRefusedError(
          isAlwaysBlocked(address)
            ? `requests to cloud metadata, link-local or unspecified addresses are never allowed: ${where}`
            : `requests to private, loopback or link-local addresses are not allowed: ${where}${hint}`,
        );
      }
    }
    return { address: addresses[0], family: isIP(addresses[0]) === 6 ? 6 : 4 };
  }

  return async (input, init = {}) => {
    let url = new URL(String(input));
    let method = (init.method ?? 'GET').toUpperCase();
    let headers = new Headers(init.headers);
    let body = init.body ?? undefined;
    for (let hop = 0; ; hop += 1) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new OutboundRequestRefusedError(`only http and https URLs are allowed, not ${url.protocol}`);
      if (url.username || url.password)
        throw new OutboundRequestRefusedError('credentials in the URL are not allowed; use a header');
      init.signal?.throwIfAborted();
      const pinned = await pinnedAddress(url);
      const response = await send(url, { method, headers, body, signal: init.signal ?? undefined }, pinned);
      const location = response.headers.location;
      if (response.statusCode && response.statusCode >= 300 && response.statusCode < 400 && location) {
        response.resume();
        if (hop >= maxRedirects)
          throw new OutboundRequestRefusedError(`too many redirects (more than ${maxRedirects})`);
        const next = new URL(location, url);
        if (next.origin !== url.origin) headers = new Headers();
        if (
          response.statusCode === 303 ||
          ((response.statusCode === 301 || response.statusCode === 302) && method === 'POST')
        ) {
          method = 'GET';
          body = undefined;
          headers.delete('content-type');
        }
        url = next;
        continue;
      }
      return toResponse(response, await readCapped(response, maxBytes));
    }
  };
}

function send(
  url: URL,
  request: { method: string; headers: Headers; body?: string | Uint8Array; signal?: AbortSignal },
  pinned: { address: string; family: 4 | 6 },
): Promise<IncomingMessage> {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const transport = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    headers[key] = value;
  });
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(
      url,
      { method: request.method, headers, lookup, signal: request.signal, agent: false },
      resolve,
    );
    outgoing.on('error', reject);
    if (request.body !== undefined) outgoing.end(request.body);
    else outgoing.end();
  });
}

function readCapped(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    return Promise.reject(new ResponseTooLargeError(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new ResponseTooLargeError(maxBytes));
        response.destroy();
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', reject);
    response.on('aborted', () => reject(new Error('the connection closed before the response ended')));
  });
}

function toResponse(response: IncomingMessage, body: Buffer): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const status = response.statusCode ?? 502;
  return new Response(NULL_BODY_STATUS.has(status) ? null : new Uint8Array(body), {
    status,
    statusText: response.statusMessage,
    headers,
  });
}
