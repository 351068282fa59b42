import type { OutboundMessage } from '@leadline/flow-core';
import { ProviderError, type SendOptions, type WhatsAppProvider } from '@leadline/whatsapp';

/** What the worker posts to the delivery sink for each send. */
export interface SinkSendRequest {
  to: string;
  message: OutboundMessage;
  idempotencyKey: string;
  attempt: number;
  /** The worker process that made the call, to tell restarts apart in the sink's log. */
  pid: number;
}

/**
 * A provider that hands every send to an HTTP "delivery sink" (the crash test's fake WhatsApp): the
 * sink counts deliveries, so a message sent twice is seen twice. A refused or failed call throws a
 * retryable ProviderError; a call without an answer (the sink or the network died) leaves the send in
 * doubt, as a timeout does with Meta.
 */
export class SinkProvider implements WhatsAppProvider {
  readonly provider = 'sandbox' as const;

  constructor(private readonly sinkUrl: string) {}

  async send(
    to: string,
    message: OutboundMessage,
    options: SendOptions,
  ): Promise<{ providerMessageId: string }> {
    const request: SinkSendRequest = {
      to,
      message,
      idempotencyKey: options.idempotencyKey,
      attempt: options.attempt ?? 0,
      pid: process.pid,
    };
    let response: Response;
    try {
      response = await fetch(`${this.sinkUrl}/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      throw new ProviderError({
        provider: 'sandbox',
        classification: { kind: 'retryable' },
        code: 'network',
        message: 'the delivery sink did not answer',
      });
    }
    if (!response.ok) {
      throw new ProviderError({
        provider: 'sandbox',
        classification: { kind: 'retryable' },
        httpStatus: response.status,
        message: `the delivery sink refused the send (${response.status})`,
      });
    }
    const { providerMessageId } = (await response.json()) as { providerMessageId: string };
    return { providerMessageId };
  }
}
