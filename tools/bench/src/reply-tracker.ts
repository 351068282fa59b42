import type { FakeMetaGraph } from '../../fake-whatsapp';

/**
 * Times inbound message → bot reply at the fake Meta server. Each contact has at most one message
 * waiting for its reply, so a reply is matched to its message by the contact alone.
 */
export class ReplyTracker {
  private readonly waiting = new Map<string, number>();
  private readonly idle: string[] = [];
  latencies: number[] = [];
  replies = 0;
  /** Messages sent by this tracker so far. */
  sent = 0;
  /** Replies to a contact with nothing waiting (should stay 0: the echo flow answers each message once). */
  unexpected = 0;
  private onReply?: (waId: string) => void;

  constructor(
    private readonly fakeMeta: FakeMetaGraph,
    contacts: string[],
  ) {
    this.idle.push(...contacts);
    fakeMeta.onSent((message) => {
      const sentAt = this.waiting.get(message.waId);
      if (sentAt === undefined) {
        this.unexpected += 1;
        return;
      }
      this.waiting.delete(message.waId);
      this.latencies.push(performance.now() - sentAt);
      this.replies += 1;
      this.idle.push(message.waId);
      this.onReply?.(message.waId);
    });
  }

  get outstanding(): number {
    return this.waiting.size;
  }

  /** Sends the next message of an idle contact; false when every contact is waiting for a reply. */
  sendNext(text: (waId: string) => string): boolean {
    const waId = this.idle.shift();
    if (!waId) return false;
    this.waiting.set(waId, performance.now());
    this.sent += 1;
    this.fakeMeta.userSends({ from: waId, name: 'Bench', text: text(waId) });
    return true;
  }

  /** Closed loop: each reply triggers that contact's next message (until `stop` says so). */
  chain(text: (waId: string) => string, stop: () => boolean): void {
    this.onReply = () => {
      if (!stop()) this.sendNext(text);
    };
  }

  unchain(): void {
    this.onReply = undefined;
  }

  resetWindow(): void {
    this.latencies = [];
    this.replies = 0;
  }

  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.waiting.size && Date.now() < deadline) await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
