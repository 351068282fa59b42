import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { AppConfig } from '@leadline/config';
import { bullConnection, QUEUE_PREFIX } from '@leadline/engine';
import { closeQueues } from '@leadline/ops';
import { Queue } from 'bullmq';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import Redis from 'ioredis';
import { InjectConfig } from '@leadline/bootstrap';
import {
  cookieValue,
  DASHBOARD_PATH,
  QueueDashboardAccess,
  SESSION_COOKIE,
  SESSION_SECONDS,
} from './queue-dashboard-access';

/** How often the list of queues is read again (send queues come and go with channels). */
const DISCOVER_EVERY_MS = 5_000;

/**
 * The queue dashboard (bull-board) over every BullMQ queue under Leadline's prefix: the engine's
 * (contacts, timers, activities, one send queue per channel), inbound media, notifications and
 * webhooks. Queues are found in Redis rather than listed here, so a new queue shows up by itself.
 * All of them share one Redis connection (a Queue that is only read never blocks it).
 */
@Injectable()
export class QueueDashboardService implements BeforeApplicationShutdown {
  readonly access: QueueDashboardAccess;
  private readonly queues = new Map<string, Queue>();
  private redis?: Redis;
  private board?: ReturnType<typeof createBullBoard>;
  private discovered = 0;

  constructor(@InjectConfig() private readonly config: AppConfig) {
    this.access = new QueueDashboardAccess(config.security.jwtSecret);
  }

  get enabled(): boolean {
    return this.config.queueDashboard !== null;
  }

  /** The Express handlers for DASHBOARD_PATH: the session check, then bull-board. */
  handlers(): RequestHandler[] {
    const adapter = new ExpressAdapter();
    adapter.setBasePath(DASHBOARD_PATH);
    this.board = createBullBoard({
      queues: [],
      serverAdapter: adapter,
      options: { uiConfig: { boardTitle: 'Leadline queues' } },
    });
    const secure = this.config.server.publicUrl.startsWith('https:');
    const gate = (req: Request, res: Response, next: NextFunction): void => {
      const ticket = req.query.ticket;
      if (ticket !== undefined) {
        const session = this.access.exchange(ticket);
        if (!session) return void res.status(401).type('text/plain').send(DENIED);
        res.cookie(SESSION_COOKIE, session, {
          httpOnly: true,
          sameSite: 'strict',
          secure,
          path: DASHBOARD_PATH,
          maxAge: SESSION_SECONDS * 1000,
        });
        return void res.redirect(303, DASHBOARD_PATH);
      }
      if (!this.access.isSession(cookieValue(req.headers.cookie, SESSION_COOKIE))) {
        return void res.status(401).type('text/plain').send(DENIED);
      }
      res.setHeader('Cache-Control', 'no-store');
      this.discover().then(() => next(), next);
    };
    return [gate, adapter.getRouter() as RequestHandler];
  }

  /** Reads the queues' names from Redis (BullMQ keeps `<prefix>:<queue>:meta` per queue). */
  private async discover(): Promise<void> {
    if (Date.now() - this.discovered < DISCOVER_EVERY_MS) return;
    this.redis ??= new Redis({ ...bullConnection(this.config.redis.url), lazyConnect: false });
    const names = new Set<string>();
    const pattern = `${QUEUE_PREFIX}:*:meta`;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      for (const key of keys) names.add(key.slice(QUEUE_PREFIX.length + 1, -':meta'.length));
    } while (cursor !== '0');
    for (const name of names) {
      if (!this.queues.has(name)) {
        this.queues.set(name, new Queue(name, { connection: this.redis, prefix: QUEUE_PREFIX }));
      }
    }
    const sorted = [...this.queues.entries()].sort(([a], [b]) => a.localeCompare(b));
    this.board?.replaceQueues(sorted.map(([, queue]) => new BullMQAdapter(queue)));
    this.discovered = Date.now();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await closeQueues([], [...this.queues.values()], { timeoutMs: 1_000 });
    this.redis?.disconnect();
  }
}

const DENIED =
  'The queue dashboard needs a fresh link: open it from Leadline (owners and admins of the operator workspace).';
