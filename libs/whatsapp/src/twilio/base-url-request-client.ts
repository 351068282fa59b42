import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';

export const TWILIO_API_URL = 'https://api.twilio.com';

// api.twilio.com, content.twilio.com (Content API) and messaging.twilio.com (Messaging Services), plus
// the edge/region forms the SDK builds from TWILIO_EDGE / TWILIO_REGION. Their paths do not overlap, so
// one base URL (a fake server) can stand in for all three.
const TWILIO_API_HOST = /^(api|content|messaging)(\.[a-z0-9-]+)*\.twilio\.com$/i;

/**
 * The SDK's own HTTP client (axios, Basic auth, form encoding, timeouts), with the REST API's origin
 * replaced by `baseUrl`: the SDK's supported `httpClient` option is the way to point it at a fake
 * server in tests and demos. With the default URL nothing is rewritten.
 */
export class BaseUrlRequestClient extends twilio.RequestClient {
  private readonly baseUrl: string;

  constructor(baseUrl: string, options: RequestClient.RequestClientOptions = {}) {
    super(options);
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    return super.request<TData>({ ...options, uri: this.rebase(options.uri) });
  }

  rebase(uri: string): string {
    if (this.baseUrl === TWILIO_API_URL) return uri;
    const url = new URL(uri);
    if (url.protocol !== 'https:' || !TWILIO_API_HOST.test(url.hostname)) return uri;
    return `${this.baseUrl}${url.pathname}${url.search}`;
  }
}
