import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OutboundMessage } from '@leadline/flow-core';

/** One send as the sink received it (the engine worker's SinkProvider posts these). */
export interface Delivery {
  seq: number;
  to: string;
  message: OutboundMessage;
  idempotencyKey: string;
  attempt: number;
  pid: number;
  providerMessageId: string;
}

export interface DeliverySinkOptions {
  /** How long the "provider" takes to answer: a worker killed meanwhile leaves the send in doubt. */
  answerDelayMs?: () => number;
  /** Called after the answer, like Meta's status webhook that echoes our id (biz_opaque_callback_data). */
  onAccepted?: (delivery: Delivery) => void;
}

/**
 * The crash test's fake WhatsApp on loopback. Every request that arrived in full counts as a
 * delivery, even when the worker died before reading the answer: that is what a real provider does,
 * and what makes a second send a duplicate the contact would see.
 */
export class DeliverySink {
  private server?: Server;
  private readonly all: Delivery[] = [];
  private readonly byPhone = new Map<string, Delivery[]>();
  private readonly byKey = new Map<string, Delivery[]>();
  private readonly listeners: Array<(delivery: Delivery) => void> = [];
  url = '';

  constructor(private readonly options: DeliverySinkOptions = {}) {}

  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  onDelivery(listener: (delivery: Delivery) => void): void {
    this.listeners.push(listener);
  }

  deliveries(): Delivery[] {
    return [...this.all];
  }

  /** Messages delivered to a phone, each idempotency key once, in the order they first arrived. */
  distinctTo(phone: string): Delivery[] {
    const seen = new Set<string>();
    return (this.byPhone.get(phone) ?? []).filter(
      (d) => !seen.has(d.idempotencyKey) && seen.add(d.idempotencyKey),
    );
  }

  /** Keys delivered more than once, with their count. */
  duplicates(): Array<{ idempotencyKey: string; count: number }> {
    return [...this.byKey]
      .filter(([, list]) => list.length > 1)
      .map(([idempotencyKey, list]) => ({ idempotencyKey, count: list.length }));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // the worker died mid-request: nothing was delivered
    }
    if (req.method !== 'POST' || req.url !== '/send') {
      res.writeHead(404).end();
      return;
    }
    let body: Omit<Delivery, 'seq' | 'providerMessageId'>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400).end();
      return;
    }
    const seq = this.all.length + 1;
    const delivery: Delivery = { ...body, seq, providerMessageId: `sink.${seq}` };
    this.all.push(delivery);
    this.byPhone.set(delivery.to, [...(this.byPhone.get(delivery.to) ?? []), delivery]);
    this.byKey.set(delivery.idempotencyKey, [...(this.byKey.get(delivery.idempotencyKey) ?? []), delivery]);
    for (const listener of this.listeners) listener(delivery);
    const delay = this.options.answerDelayMs?.() ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (!res.destroyed) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ providerMessageId: delivery.providerMessageId }));
    }
    this.options.onAccepted?.(delivery);
  }
}
