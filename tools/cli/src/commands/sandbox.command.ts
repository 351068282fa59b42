import { randomUUID } from 'node:crypto';
import type { TranscriptEvent } from '@leadline/flow-core';
import { CliError, type CommandIo } from '../cli-error';
import { SANDBOX_USAGE } from './sandbox-usage';
import { formatTranscript } from '../format/transcript-text';
import {
  loadAdminConfig,
  parseCommandArgs,
  requireTenant,
  withDatabase,
  type AdminOptions,
} from './admin-context';
import { cliActivityRegistry } from './cli-activities';
import { activityWaitOf, MAX_ACTIVITY_WAIT_MS, type ActivityWait } from './sandbox-activity-wait';

const POLL_MS = 250;
/** Replies of one step go out together; once nothing new came for this long, the step is over. */
const QUIET_MS = 1_500;

/**
 * `sandbox send`: talk to a workspace's sandbox channel from the terminal, as a contact would on
 * WhatsApp. The message goes through the same path as a webhook; the running worker answers, and the
 * bot's replies are printed as they arrive. The demo workspace (`npm start`) has such a channel.
 */
export async function sandboxCommand(
  args: string[],
  io: CommandIo,
  options: AdminOptions = {},
): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'send') throw new CliError(`usage: ${SANDBOX_USAGE}`);
  const { positionals, values } = parseCommandArgs(
    rest,
    {
      tenant: { type: 'string' },
      phone: { type: 'string' },
      name: { type: 'string' },
      button: { type: 'string' },
      wait: { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
    },
    SANDBOX_USAGE,
  );
  const text = positionals.join(' ').trim();
  if (!values.tenant || !values.phone || (!text && !values.button) || (text && values.button)) {
    throw new CliError(`usage: ${SANDBOX_USAGE}`);
  }
  if (!/^\+[1-9]\d{6,14}$/.test(values.phone)) throw new CliError(`--phone must be E.164, e.g. +27740000001`);
  const waitMs = Number(values.wait) * 1000;
  if (!Number.isFinite(waitMs) || waitMs < 0 || waitMs > 120_000)
    throw new CliError('--wait must be 0-120 seconds');
  const config = await loadAdminConfig(options);
  const { BullMqJobQueue, bullConnection, EngineClient, systemClock } = await import('@leadline/engine');
  const { withTenant } = await import('@leadline/database');
  const phone = values.phone;
  return withDatabase(config, async (prisma) => {
    const tenant = await requireTenant(prisma, values.tenant as string);
    const channel = await withTenant(prisma, tenant.id, (tx) =>
      tx.channel.findFirst({
        where: { provider: 'sandbox', status: 'active' },
        orderBy: { createdAt: 'asc' },
      }),
    );
    if (!channel) throw new CliError(`tenant "${tenant.slug}" has no active sandbox channel`, 1);
    const queue = new BullMqJobQueue({ ...bullConnection(config.redis.url), disconnectTimeout: 100 });
    queue.queue('contacts').on('error', () => undefined);
    const sentAt = new Date();
    let woken = true;
    try {
      const engine = new EngineClient(prisma, queue, systemClock, () => {
        woken = false;
      });
      await engine.ingest({
        kind: 'message',
        channel: { provider: 'sandbox', phoneNumberId: channel.phoneNumberId },
        contact: { waId: phone.slice(1), phone, ...(values.name ? { name: values.name } : {}) },
        message: {
          providerMessageId: `sandbox.in.${randomUUID()}`,
          at: sentAt.toISOString(),
          ...(values.button
            ? { type: 'button' as const, buttonId: values.button }
            : { type: 'text' as const, text }),
        },
      });
    } finally {
      await queue.close();
    }
    const registry = await cliActivityRegistry(options);
    const waiting = { last: undefined as ActivityWait | undefined };
    const replies = await waitForReplies(prisma, tenant.id, channel.id, phone, sentAt, waitMs, withTenant, {
      // A step that calls out may take its whole retry budget before the bot answers: wait for it.
      activityWait: async () => {
        const wait = await activityWaitOf(prisma, tenant.id, phone, registry, withTenant);
        if (wait && wait.runId + wait.step !== (waiting.last && waiting.last.runId + waiting.last.step))
          io.err(
            `Waiting for ${wait.what} (step "${wait.step}"): up to ${Math.ceil(wait.budgetMs / 1000)} s with its retries...`,
          );
        waiting.last = wait;
        return wait;
      },
    });
    const events: TranscriptEvent[] = replies.map((reply) => {
      const { nodeId, ...message } = reply.body as Omit<TranscriptEvent, 'at' | 'dir'> & { nodeId?: string };
      return {
        ...message,
        at: reply.createdAt.toISOString(),
        dir: 'out' as const,
        ...(nodeId ? { node: nodeId } : {}),
      };
    });
    const still = waiting.last;
    if (values.json) {
      io.out(
        JSON.stringify(
          {
            replies: events,
            woken,
            ...(still ? { waitingFor: { runId: still.runId, step: still.step, what: still.what } } : {}),
          },
          null,
          2,
        ),
      );
    } else if (events.length) {
      io.out(formatTranscript({ events, run: null }).split('\n').slice(0, -1).join('\n'));
    } else {
      io.out(
        still
          ? `No reply yet: the run is still waiting for ${still.what} (step "${still.step}"). See npm run -s leadline -- runs show ${still.runId} --tenant ${tenant.slug}`
          : woken
            ? 'No reply yet: is the worker running (npm start)? Does a published flow match this message?'
            : 'Recorded, but Redis did not answer: the worker will pick the message up once Redis is back.',
      );
    }
    if (still && events.length && !values.json)
      io.err(
        `The run is still waiting for ${still.what} (step "${still.step}"): npm run -s leadline -- runs show ${still.runId} --tenant ${tenant.slug}`,
      );
    return 0;
  });
}

async function waitForReplies(
  prisma: Parameters<Parameters<typeof withDatabase>[1]>[0],
  tenantId: string,
  channelId: string,
  phone: string,
  since: Date,
  waitMs: number,
  withTenant: typeof import('@leadline/database').withTenant,
  hooks: { activityWait: () => Promise<ActivityWait | undefined> },
) {
  const started = Date.now();
  let deadline = started + waitMs;
  let replies: Array<{ body: unknown; createdAt: Date }> = [];
  let lastChange = Date.now();
  let waiting: ActivityWait | undefined;
  while (Date.now() < deadline) {
    // A run waiting for a step's activity: the deadline covers that step's retry budget.
    // Counted from when the wait was first seen, so a step that never ends does not hold us for ever.
    const seen = await hooks.activityWait();
    if (seen && (!waiting || seen.runId + seen.step !== waiting.runId + waiting.step)) {
      deadline = Math.max(deadline, Date.now() + Math.min(seen.budgetMs, MAX_ACTIVITY_WAIT_MS));
    }
    waiting = seen;
    const found = await withTenant(prisma, tenantId, (tx) =>
      tx.message.findMany({
        where: { channelId, direction: 'out', createdAt: { gte: since }, contact: { phone } },
        orderBy: { createdAt: 'asc' },
        select: { body: true, createdAt: true },
      }),
    );
    if (found.length !== replies.length) {
      replies = found;
      lastChange = Date.now();
    } else if (replies.length && !waiting && Date.now() - lastChange >= QUIET_MS) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return replies;
}
