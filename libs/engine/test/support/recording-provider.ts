import { randomUUID } from 'node:crypto';
import type { OutboundMessage } from '@leadline/flow-core';
import type { SendOptions, WhatsAppProvider } from '@leadline/whatsapp';

export interface RecordedSend {
  to: string;
  message: OutboundMessage;
  idempotencyKey: string;
  providerMessageId: string;
}

/**
 * A provider that accepts everything and records every call, repeats included (the sandbox hides a
 * repeated idempotency key, and a repeat is exactly what these tests look for). Listeners hear each
 * send as it happens, so a test can answer a question as soon as it arrives.
 */
export class RecordingProvider implements WhatsAppProvider {
  readonly provider = 'sandbox' as const;
  private readonly byPhone = new Map<string, RecordedSend[]>();
  private readonly listeners: Array<(send: RecordedSend) => void> = [];
  private count = 0;
  /** Provider ids are unique per channel in the database: two recorders must not reuse them. */
  private readonly idPrefix = `recorded.${randomUUID().slice(0, 8)}`;

  async send(
    to: string,
    message: OutboundMessage,
    options: SendOptions,
  ): Promise<{ providerMessageId: string }> {
    const record: RecordedSend = {
      to,
      message: structuredClone(message),
      idempotencyKey: options.idempotencyKey,
      providerMessageId: `${this.idPrefix}.${++this.count}`,
    };
    const list = this.byPhone.get(to) ?? [];
    list.push(record);
    this.byPhone.set(to, list);
    for (const listener of this.listeners) listener(record);
    return { providerMessageId: record.providerMessageId };
  }

  onSend(listener: (send: RecordedSend) => void): void {
    this.listeners.push(listener);
  }

  sentTo(phone: string): RecordedSend[] {
    return [...(this.byPhone.get(phone) ?? [])];
  }

  get total(): number {
    return this.count;
  }
}
