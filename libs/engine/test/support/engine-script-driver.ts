import { randomUUID } from 'node:crypto';
import { publishFlowVersion, withTenant, type Prisma, type PrismaClient } from '@leadline/database';
import {
  parseDuration,
  parseScript,
  runSummary,
  optionTitle,
  scriptedActivity,
  withScriptedAnswers,
  type Flow,
  type InboundMessage,
  type IssuedDocuments,
  type OutboundMessage,
  type RunState,
  type ScriptedAnswers,
  type Transcript,
  type TranscriptEvent,
} from '@leadline/flow-core';
import { SandboxProvider, type MessageEvent, type WhatsAppProvider } from '@leadline/whatsapp';
import {
  ContactProcessor,
  contactsOf,
  EngineClient,
  publishOutbox,
  runActivity,
  sendMessages,
  TimerPoller,
  wakeContact,
  wakeContacts,
  type ActivityHandler,
  type ActivityHandlers,
  type Clock,
  type EngineJob,
  type JobQueue,
  type SendDeps,
} from '../../src';

/**
 * The embedded engine's queues, held in memory so a test decides when each job runs: jobs run one at
 * a time in the order they were added (BullMQ's FIFO per queue). Ids are deduplicated as BullMQ does.
 * Timers have no queue: the driver fires them with the engine's timer poller at their due time.
 */
class ManualQueue implements JobQueue {
  private readonly seen = new Set<string>();
  private readonly ready: EngineJob[] = [];

  async add(job: EngineJob): Promise<void> {
    const key = `${job.queue}:${job.id}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.ready.push(job);
  }

  async addBulk(jobs: readonly EngineJob[]): Promise<void> {
    for (const job of jobs) await this.add(job);
  }

  /** Jobs here run when the test says so: nothing is ever behind. */
  async oldestWaitingSince(): Promise<number | undefined> {
    return undefined;
  }

  takeReady(): EngineJob | undefined {
    return this.ready.shift();
  }
}

/** Answers activities as the simulator does (spec §4), on the test's clock. */
function scriptedActivities(answers: ScriptedAnswers, clock: Clock): ActivityHandlers {
  let issued: IssuedDocuments = {};
  const answer: ActivityHandler = async ({ nodeId, request }) => {
    const result = scriptedActivity(answers, { nodeId, request, now: clock.now().toISOString(), issued });
    issued = result.issued;
    return result.outcome;
  };
  return { ai: answer, document: answer, http: answer, activity: answer };
}

/** Every template a flow names (template nodes, fallbacks, the re-engagement setting), as approved. */
function templatesOf(value: unknown, found = new Map<string, { name: string; language: string }>()) {
  if (Array.isArray(value)) for (const item of value) templatesOf(item, found);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.name === 'string' && typeof record.language === 'string' && 'params' in record) {
      found.set(`${record.name}/${record.language}`, { name: record.name, language: record.language });
    }
    for (const item of Object.values(record)) templatesOf(item, found);
  }
  return [...found.values()];
}

/**
 * Plays a simulator script through the embedded engine's own components on a real database: the
 * webhook ingest and lead API (EngineClient), the contact inbox (ContactProcessor), the outbox relay,
 * the send path (sendMessages to a sandbox channel that enforces the 24-hour window), activities
 * (runActivity with scripted answers) and timers (the timer poller's claim, at each timer's due time
 * on a manual clock, limited to the script's tenant).
 * Only BullMQ is replaced, by a queue the test drains in order. Each call uses its own tenant, so
 * one database serves every script. Returns a transcript in the simulator's format.
 */
export async function playThroughEngine(
  prisma: PrismaClient,
  definition: Record<string, unknown>,
  flow: Flow,
  scriptInput: unknown,
): Promise<{ transcript: Transcript; errors: unknown[] }> {
  const script = parseScript(scriptInput);
  const time = { ms: Date.parse(script.startAt) };
  const clock: Clock = { now: () => new Date(time.ms) };
  const queue = new ManualQueue();
  const errors: unknown[] = [];
  const answers: ScriptedAnswers = { ai: {}, http: {}, activity: {} };
  const activities = scriptedActivities(answers, clock);
  const sandbox = new SandboxProvider({ now: clock.now });
  // What the contact saw, in the order it happened (jobs run one at a time, so order is exact).
  const seen: Array<TranscriptEvent | { messageId: string; at: string; message: OutboundMessage }> = [];
  // The sandbox channel, recording what it accepted and when (it drops the node; see below).
  const provider: WhatsAppProvider = {
    provider: 'sandbox',
    send: async (to, message, options) => {
      const result = await sandbox.send(to, message, options);
      seen.push({ messageId: options.idempotencyKey, at: clock.now().toISOString(), message });
      return result;
    },
    markRead: (providerMessageId) => sandbox.markRead(providerMessageId),
  };

  const tenant = await prisma.tenant.create({
    data: { slug: `conf-${randomUUID().slice(0, 8)}`, name: 'Conformance' },
  });
  const tenantId = tenant.id;
  const phoneNumberId = `conformance-${randomUUID().slice(0, 8)}`;
  await withTenant(prisma, tenantId, async (tx) => {
    const channel = await tx.channel.create({
      data: { tenantId, provider: 'sandbox', phoneNumberId, displayPhone: '+15550100000', status: 'active' },
    });
    for (const template of templatesOf(definition)) {
      await tx.template.create({
        data: { tenantId, channelId: channel.id, ...template, category: 'utility', status: 'approved' },
      });
    }
    await publishFlowVersion(tx, {
      tenantId,
      key: flow.id,
      name: flow.name,
      definition: definition as Prisma.InputJsonValue,
    });
    // The script's contact exists before the conversation, with its fields (spec §4 "contact").
    await tx.contact.create({
      data: {
        tenantId,
        phone: script.contact.phone,
        name: script.contact.name ?? null,
        fields: (script.contact.fields ?? {}) as Prisma.InputJsonValue,
      },
    });
  });

  const wake = wakeContact(queue);
  const processor = new ContactProcessor(
    prisma,
    clock,
    async (id) => {
      await publishOutbox(prisma, queue, clock, id);
    },
    (error) => errors.push(error),
  );
  const client = new EngineClient(prisma, queue, clock, (error) => errors.push(error));
  const sendDeps: SendDeps = { prisma, providers: () => provider, clock, wake };

  const timers = new TimerPoller(prisma, clock, wakeContacts(queue), (error) => errors.push(error));
  const runJob = async (job: EngineJob) => {
    switch (job.queue) {
      case 'contacts':
        for (const contact of contactsOf(job.data))
          await processor.process(contact.tenantId, contact.contactId);
        return;
      case 'send':
        await sendMessages(sendDeps, job.data, 0);
        return;
      case 'activities':
        await runActivity(prisma, clock, activities, job.data, wake);
        return;
    }
  };
  const drain = async () => {
    for (let job = queue.takeReady(); job; job = queue.takeReady()) await runJob(job);
  };
  /** The script's earliest unclaimed timer due by `ms` (what the poller would fire next). */
  const nextTimer = async (ms: number) => {
    const [row] = await prisma.$queryRaw<Array<{ due_at: Date }>>`
      SELECT due_at FROM run_timers
      WHERE tenant_id = ${tenantId}::uuid AND due_at <= ${new Date(ms)}
        AND enqueued_at IS NULL AND fired_at IS NULL AND cancelled_at IS NULL
      ORDER BY due_at LIMIT 1`;
    return row?.due_at.getTime();
  };
  /** Time moves to `ms` later; each timer fires at its own due time, with the work it causes. */
  const advance = async (ms: number) => {
    const target = time.ms + ms;
    await drain();
    for (let due = await nextTimer(target); due !== undefined; due = await nextTimer(target)) {
      time.ms = Math.max(time.ms, due);
      await timers.fireDue({ tenantId, limit: 1 });
      await drain();
    }
    time.ms = target;
  };

  const latestRun = () =>
    withTenant(prisma, tenantId, (tx) =>
      tx.flowRun.findFirst({ orderBy: { startedAt: 'desc' }, select: { state: true } }),
    );
  /** A tap carries the option's title as its text, as WhatsApp's webhooks do. */
  const tappedTitle = async (id: string) => {
    const waiting = ((await latestRun())?.state as unknown as RunState | undefined)?.wait?.nodeId;
    return optionTitle(flow.nodes.find((node) => node.id === waiting)?.data, id);
  };

  for (const step of script.steps) {
    if ('set' in step) {
      // The activity handlers hold this object: merge into it rather than replace it.
      Object.assign(answers, withScriptedAnswers(answers, step.set));
    } else if ('wait' in step) {
      await advance(parseDuration(step.wait) ?? 0);
    } else if ('lead' in step) {
      await client.submitLead({
        tenantId,
        flowKey: flow.id,
        phone: script.contact.phone,
        ...(step.lead.name ? { name: step.lead.name } : {}),
        ...(step.lead.fields ? { fields: step.lead.fields } : {}),
      });
      await advance(0);
    } else {
      const at = clock.now();
      const input = step.user;
      let message: Omit<InboundMessage, 'id' | 'at'>;
      if (typeof input === 'string') message = { type: 'text', text: input };
      else if ('text' in input) message = { type: 'text', text: input.text };
      else {
        const id = 'button' in input ? input.button : input.list;
        const title = await tappedTitle(id);
        message = {
          type: 'button' in input ? 'button' : 'list',
          buttonId: id,
          ...(title === undefined ? {} : { text: title }),
        };
      }
      seen.push({
        at: at.toISOString(),
        dir: 'in',
        type: message.type as 'text' | 'button' | 'list',
        ...(message.text !== undefined ? { text: message.text } : {}),
        ...(message.buttonId ? { buttonId: message.buttonId } : {}),
      });
      sandbox.setLastInbound(script.contact.phone, at);
      const providerMessageId = `wamid.conformance.${randomUUID()}`;
      const event: MessageEvent = {
        kind: 'message',
        channel: { provider: 'sandbox', phoneNumberId },
        contact: {
          waId: script.contact.phone.slice(1),
          phone: script.contact.phone,
          ...(script.contact.name ? { name: script.contact.name } : {}),
        },
        message: {
          ...message,
          ...(step.referral ? { referral: step.referral } : {}),
          id: providerMessageId,
          providerMessageId,
          at: at.toISOString(),
        } as MessageEvent['message'],
      };
      await client.ingest(event);
      await advance(0);
    }
  }

  // The node that produced each send is stored with the message (the provider never sees it).
  const nodes = new Map(
    (
      await withTenant(prisma, tenantId, (tx) =>
        tx.message.findMany({ where: { direction: 'out' }, select: { id: true, body: true } }),
      )
    ).map((row) => [row.id, (row.body as { nodeId?: string }).nodeId]),
  );
  const events = seen.map((entry) =>
    'messageId' in entry
      ? ({ at: entry.at, dir: 'out', node: nodes.get(entry.messageId), ...entry.message } as TranscriptEvent)
      : entry,
  );
  const last = await latestRun();
  return {
    transcript: {
      events: JSON.parse(JSON.stringify(events)),
      run: last ? runSummary(last.state as unknown as RunState) : null,
    },
    errors,
  };
}
