import { isSessionMessage, SERVICE_WINDOW_MS, type OutboundMessage } from '@leadline/flow-core';
import { ProviderError } from '../errors/provider-error';
import { recipientE164 } from '../outbound/invalid-message';
import type { MediaFile, SendOptions, WhatsAppProvider } from '../whatsapp-provider';

export interface SandboxSentMessage {
  providerMessageId: string;
  /** E.164. */
  to: string;
  message: OutboundMessage;
  idempotencyKey: string;
  at: string;
}

export interface SandboxProviderOptions {
  /** Clock, for tests and simulations; defaults to the wall clock. */
  now?: () => Date;
}

const WINDOW_CLOSED_CODE = 131047;

/**
 * A provider without network or credentials, for the demo and the editor's simulator. It records what
 * it sends per phone number, returns ids `sandbox.1`, `sandbox.2`, ..., and answers a repeated
 * idempotency key with the first send's id. Once told a contact's last inbound time it enforces the
 * 24-hour window like Meta: a session message outside it fails with window_closed (code 131047).
 * Contacts it was never told about are not checked.
 */
export class SandboxProvider implements WhatsAppProvider {
  readonly provider = 'sandbox' as const;
  private readonly now: () => Date;
  private readonly lastInbound = new Map<string, number>();
  private readonly sentByPhone = new Map<string, SandboxSentMessage[]>();
  private readonly byIdempotencyKey = new Map<string, SandboxSentMessage>();
  private readonly reads: string[] = [];
  private sentCount = 0;
  private mediaCount = 0;

  constructor(options: SandboxProviderOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  setLastInbound(phone: string, at: Date | string): void {
    const time = at instanceof Date ? at.getTime() : Date.parse(at);
    if (Number.isNaN(time)) throw new RangeError('setLastInbound: `at` must be a valid date');
    this.lastInbound.set(recipientE164('sandbox', phone), time);
  }

  async send(
    to: string,
    message: OutboundMessage,
    options: SendOptions,
  ): Promise<{ providerMessageId: string }> {
    const phone = recipientE164('sandbox', to);
    const earlier = this.byIdempotencyKey.get(options.idempotencyKey);
    if (earlier) return { providerMessageId: earlier.providerMessageId };
    const now = this.now();
    const lastInbound = this.lastInbound.get(phone);
    if (
      isSessionMessage(message) &&
      lastInbound !== undefined &&
      now.getTime() >= lastInbound + SERVICE_WINDOW_MS
    ) {
      throw new ProviderError({
        provider: 'sandbox',
        classification: { kind: 'window_closed' },
        code: WINDOW_CLOSED_CODE,
        message: 'More than 24 hours have passed since the recipient last replied; send a template',
      });
    }
    const record: SandboxSentMessage = {
      providerMessageId: `sandbox.${++this.sentCount}`,
      to: phone,
      message: structuredClone(message),
      idempotencyKey: options.idempotencyKey,
      at: now.toISOString(),
    };
    this.byIdempotencyKey.set(options.idempotencyKey, record);
    this.sentByPhone.set(phone, [...(this.sentByPhone.get(phone) ?? []), record]);
    return { providerMessageId: record.providerMessageId };
  }

  async uploadMedia(_file: MediaFile): Promise<{ mediaId: string }> {
    return { mediaId: `sandbox-media.${++this.mediaCount}` };
  }

  async markRead(providerMessageId: string): Promise<void> {
    this.reads.push(providerMessageId);
  }

  /** Messages sent to one number, oldest first. */
  sentTo(phone: string): SandboxSentMessage[] {
    return [...(this.sentByPhone.get(recipientE164('sandbox', phone)) ?? [])];
  }

  /** Every message sent, oldest first. */
  allSent(): SandboxSentMessage[] {
    return [...this.sentByPhone.values()].flat().sort((a, b) => idNumber(a) - idNumber(b));
  }

  /** Provider ids passed to markRead, in order. */
  readReceipts(): string[] {
    return [...this.reads];
  }

  reset(): void {
    this.lastInbound.clear();
    this.sentByPhone.clear();
    this.byIdempotencyKey.clear();
    this.reads.length = 0;
  }
}

function idNumber(record: SandboxSentMessage): number {
  return Number(record.providerMessageId.slice('sandbox.'.length));
}
