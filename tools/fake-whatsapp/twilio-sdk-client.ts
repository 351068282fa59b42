import { Agent } from 'node:http';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

/**
 * The official SDK has no base-URL option, but it accepts any `httpClient`. This one is the SDK's own
 * RequestClient with every `https://*.twilio.com` origin rewritten to the fake's loopback URL.
 *
 *   const client = twilio(accountSid, authToken, { httpClient: new LoopbackTwilioRequestClient(fake.url) });
 */
export class LoopbackTwilioRequestClient extends twilio.RequestClient {
  private readonly target: URL;
  private readonly loopbackAgent = new Agent({ keepAlive: false });

  constructor(fakeBaseUrl: string) {
    super({ timeout: 10_000 });
    this.target = new URL(fakeBaseUrl);
    // Fresh connections per call, so stopping the fake never leaves pooled sockets behind.
    this.axios.defaults.httpAgent = this.loopbackAgent;
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const uri = new URL(opts.uri);
    if (!/(^|\.)twilio\.com$/i.test(uri.hostname)) throw new Error(`Refusing non-Twilio URI ${uri.hostname}`);
    uri.protocol = this.target.protocol;
    uri.host = this.target.host;
    return super.request<TData>({ ...opts, uri: uri.toString() });
  }

  destroy(): void {
    this.loopbackAgent.destroy();
  }
}
