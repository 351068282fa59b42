import type { MessageEvent } from '@leadline/whatsapp';
import { inboundEvent, type ExpectedConversation } from './scripted-conversation';

/** Ingest attempts per message: a busy database may refuse one, and Meta redelivers a failed webhook. */
const ATTEMPTS = 20;

/**
 * Plays one contact's side of a scripted conversation: each message goes in as soon as the bot
 * messages before it (per the simulator) have arrived, never earlier, and one at a time. A failed
 * ingest is redelivered (same provider id) like a webhook Meta retries.
 */
export class ConversationDriver {
  private next = 0;
  private busy = false;
  readonly errors: unknown[] = [];
  /** Webhooks that had to be delivered again because the ingest failed. */
  retries = 0;

  constructor(
    readonly expected: ExpectedConversation,
    private readonly phoneNumberId: string,
    private readonly delivered: () => number,
    private readonly ingest: (event: MessageEvent) => Promise<unknown>,
  ) {}

  get done(): boolean {
    return this.next >= this.expected.inputs.length && this.delivered() >= this.expected.outbound.length;
  }

  get sentInputs(): number {
    return this.next;
  }

  /** Call on start and whenever a bot message reached this contact. */
  async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (
        this.next < this.expected.inputs.length &&
        this.expected.inputs[this.next].after <= this.delivered()
      ) {
        const input = this.expected.inputs[this.next];
        await this.deliver(inboundEvent(this.phoneNumberId, this.expected, input.message));
        this.next += 1;
      }
    } catch (error) {
      this.errors.push(error);
    } finally {
      this.busy = false;
    }
  }

  private async deliver(event: MessageEvent): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.ingest(event);
        return;
      } catch (error) {
        this.retries += 1;
        if (attempt >= ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }
}
