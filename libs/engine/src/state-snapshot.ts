import type { PrismaClient } from '@leadline/database';
import type { StateSnapshot } from '@leadline/ops';
import { Queue, type ConnectionOptions } from 'bullmq';
import { QUEUE_PREFIX } from './bullmq-job-queue';
import type { Clock } from './engine-ports';

/** Timers have no queue since issue 21's fifth round (timer-poller.ts): their gauges read run_timers. */
const FIXED_QUEUES = ['contacts', 'activities'] as const;
const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * Reads what the operators' gauges show (queue depth, timers, handoffs, campaigns) from Redis and
 * PostgreSQL, summed over every tenant: the system client looks across tenants for counts only.
 * Send queues are one per channel; they are summed into one `send` queue so no channel id becomes a
 * label. Each call costs a handful of aggregate queries (indexed) and a few Redis calls per queue.
 */
export class StateSnapshotReader {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly prisma: PrismaClient,
    /** Undefined when the embedded engine does not run (Temporal): no queue figures then. */
    private readonly redis: ConnectionOptions | undefined,
    private readonly clock: Clock,
    private readonly prefix = QUEUE_PREFIX,
  ) {}

  async read(): Promise<StateSnapshot> {
    const now = this.clock.now();
    const [queues, timers, handoffs, campaigns, campaignRecipients] = await Promise.all([
      this.redis ? this.readQueues(now.getTime()) : Promise.resolve([]),
      this.readTimers(now),
      this.readHandoffs(now),
      countBy(
        this.prisma
          .$queryRaw`SELECT status::text AS key, count(*)::int AS count FROM campaigns GROUP BY status`,
      ),
      countBy(
        this.prisma.$queryRaw`
          SELECT r.state::text AS key, count(*)::int AS count FROM campaign_recipients r
          JOIN campaigns c ON c.id = r.campaign_id
          WHERE c.status IN ('running', 'paused') GROUP BY r.state`,
      ),
    ]);
    return { queues, timers, handoffs, campaigns, campaignRecipients };
  }

  private async readTimers(now: Date): Promise<StateSnapshot['timers']> {
    const [row] = await this.prisma.$queryRaw<
      Array<{ pending: number; overdue: number; oldest: Date | null }>
    >`
      SELECT count(*)::int AS pending,
             (count(*) FILTER (WHERE due_at < ${now}))::int AS overdue,
             min(due_at) FILTER (WHERE due_at < ${now}) AS oldest
      FROM run_timers WHERE fired_at IS NULL AND cancelled_at IS NULL`;
    return {
      pending: row?.pending ?? 0,
      overdue: row?.overdue ?? 0,
      oldestOverdueSeconds: secondsSince(now, row?.oldest ?? null),
    };
  }

  /** Handed to a person and not taken (no one assigned); waiting since the run handed it over. */
  private async readHandoffs(now: Date): Promise<StateSnapshot['handoffs']> {
    const [row] = await this.prisma.$queryRaw<Array<{ waiting: number; oldest: Date | null }>>`
      SELECT count(*)::int AS waiting,
             min(coalesce(
               (SELECT max(r.updated_at) FROM flow_runs r WHERE r.conversation_id = c.id AND r.status = 'handoff'),
               c.updated_at)) AS oldest
      FROM conversations c WHERE c.status = 'handoff' AND c.assigned_user_id IS NULL`;
    return { waiting: row?.waiting ?? 0, oldestWaitSeconds: secondsSince(now, row?.oldest ?? null) };
  }

  private async readQueues(nowMs: number): Promise<StateSnapshot['queues']> {
    const channels = await this.prisma.channel.findMany({ select: { id: true } });
    const groups: Array<{ queue: string; names: string[] }> = [
      ...FIXED_QUEUES.map((name) => ({ queue: name, names: [name] })),
      { queue: 'send', names: channels.map(({ id }) => `send.${id}`) },
    ];
    return Promise.all(
      groups.map(async ({ queue, names }) => {
        const counts: Record<string, number> = Object.fromEntries(STATES.map((state) => [state, 0]));
        let oldestReadyAt: number | undefined;
        for (const name of names) {
          const q = this.queue(name);
          const byState = await q.getJobCounts(...STATES);
          for (const state of STATES) counts[state] = (counts[state] ?? 0) + (byState[state] ?? 0);
          const [oldest] = await q.getJobs(['wait'], 0, 0, true);
          // A delayed job became ready at its due time, not when it was added.
          const readyAt = oldest ? oldest.timestamp + (oldest.delay ?? 0) : undefined;
          if (readyAt !== undefined && (oldestReadyAt === undefined || readyAt < oldestReadyAt))
            oldestReadyAt = readyAt;
        }
        const age = oldestReadyAt === undefined ? 0 : Math.max(0, (nowMs - oldestReadyAt) / 1_000);
        return { queue, counts, oldestWaitingAgeSeconds: age };
      }),
    );
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis!, prefix: this.prefix });
      queue.on('error', () => undefined); // surfaces through the scrape's error and /ready
      this.queues.set(name, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }
}

async function countBy(
  rows: Promise<Array<{ key: string; count: number }>>,
): Promise<Record<string, number>> {
  return Object.fromEntries((await rows).map((row) => [row.key, row.count]));
}

function secondsSince(now: Date, then: Date | null): number {
  return then ? Math.max(0, (now.getTime() - then.getTime()) / 1_000) : 0;
}
