import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path plus query, as requested. */
  path: string;
  headers: IncomingMessage['headers'];
  raw: Buffer;
}

export type Responder = (request: ReceivedRequest) => { status: number; body?: string };

/** A tiny webhook endpoint on a random loopback port that records every request it gets. */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  respond: Responder = () => ({ status: 200 });
  /** When set, requests are recorded but never answered (a receiver that hangs). */
  hang = false;
  /** TCP connections accepted so far: one per POST unless the sender reuses them. */
  connections = 0;
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private base = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          raw: Buffer.concat(chunks),
        };
        this.requests.push(request);
        if (this.hang) return;
        const reply = this.respond(request);
        res.writeHead(reply.status, { 'Content-Type': 'text/plain' });
        res.end(reply.body ?? '');
      });
    });
    this.server.on('connection', (socket: Socket) => {
      this.connections += 1;
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    this.base = `http://127.0.0.1:${address.port}`;
    return this;
  }

  url(path = '/webhook'): string {
    return `${this.base}${path}`;
  }

  posts(): ReceivedRequest[] {
    return this.requests.filter((r) => r.method === 'POST');
  }

  json<T = Record<string, unknown>>(): T[] {
    return this.posts().map((r) => JSON.parse(r.raw.toString('utf8')) as T);
  }

  forms(): Array<Record<string, string>> {
    return this.posts().map((r) => Object.fromEntries(new URLSearchParams(r.raw.toString('utf8'))));
  }

  /** Connections still open. */
  get openConnections(): number {
    return this.sockets.size;
  }

  clear(): void {
    this.requests.length = 0;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}
