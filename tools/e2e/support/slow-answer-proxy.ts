import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A loopback reverse proxy between the worker and a fake provider that can hold the provider's
 * answer back for `answerDelayMs` after the provider produced it. The provider's webhooks about
 * the message leave at once, so they overtake the answer: what happens on a slow network.
 */
export class SlowAnswerProxy {
  answerDelayMs = 0;
  /** Requests whose answer has not been passed on yet. */
  inFlight = 0;
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private baseUrl?: string;

  constructor(private readonly target: string) {}

  get url(): string {
    if (!this.baseUrl) throw new Error('proxy not started');
    return this.baseUrl;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.inFlight += 1;
      res.once('close', () => (this.inFlight -= 1));
      const upstream = request(
        new URL(req.url ?? '/', this.target),
        { method: req.method, headers: { ...req.headers, host: new URL(this.target).host } },
        (answer: IncomingMessage) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            const reply = () => {
              this.timers.delete(timer);
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              res.end(Buffer.concat(chunks));
            };
            const timer = setTimeout(reply, this.answerDelayMs);
            this.timers.add(timer);
          });
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}
