import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { LOOPBACK_HOST } from './loopback';
import { sendJson } from './http-io';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** A `node:http` server bound to 127.0.0.1 that can be stopped without waiting for keep-alive sockets. */
export class LoopbackServer {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private baseUrl?: string;

  constructor(private readonly handler: RequestHandler) {}

  async start(port = 0): Promise<{ url: string }> {
    if (this.server) throw new Error('Server already started');
    const server = createServer((req, res) => {
      this.handler(req, res).catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          sendJson(res, 500, { error: { message: `fake server error: ${(error as Error).message}` } });
        } else {
          res.destroy();
        }
      });
    });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, LOOPBACK_HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('Unexpected server address');
    this.baseUrl = `http://${LOOPBACK_HOST}:${address.port}`;
    return { url: this.baseUrl };
  }

  get url(): string {
    if (!this.baseUrl) throw new Error('Server not started; call start() first');
    return this.baseUrl;
  }

  get started(): boolean {
    return this.server !== undefined;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.baseUrl = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }
}
