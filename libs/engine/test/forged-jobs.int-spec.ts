import { withTenant } from '@leadline/database';
import { SandboxProvider } from '@leadline/whatsapp';
import { Queue, type Job } from 'bullmq';
import type { ActivityOutcome } from '../src';
import { exampleFlow, waitFor } from './support/engine-harness';
import { startEngineWorld, type EngineWorld } from './support/engine-world';

/**
 * Redis is not a trusted boundary: whoever can write to it (or an older release, or a hand-made job)
 * can put any payload on the engine's queues. A malformed job is set aside at once with one line that
 * names it but not its payload; a well-formed job naming another tenant's contact and run does nothing.
 */
describe('forged and malformed queue jobs', () => {
  let world: EngineWorld;
  const httpCalls: unknown[] = [];
  let victim: { contactId: string; runId: string };
  let attackerTenantId: string;
  const queues: Queue[] = [];

  beforeAll(async () => {
    world = await startEngineWorld({
      flows: [exampleFlow('lead-capture')],
      engine: {
        providers: () => new SandboxProvider(),
        activities: {
          http: async (job): Promise<ActivityOutcome> => {
            httpCalls.push(job);
            return { ok: true, output: { status: 200 } };
          },
        },
      },
    });
    victim = await withTenant(world.prisma, world.tenantId, async (tx) => {
      const contact = await tx.contact.create({ data: { tenantId: world.tenantId, phone: '+27740000101' } });
      const flow = await tx.flow.findFirstOrThrow({ select: { id: true, activeVersionId: true } });
      const run = await tx.flowRun.create({
        data: {
          tenantId: world.tenantId,
          flowId: flow.id,
          flowVersionId: flow.activeVersionId!,
          contactId: contact.id,
          status: 'waiting',
        },
      });
      return { contactId: contact.id, runId: run.id };
    });
    attackerTenantId = (await world.prisma.tenant.create({ data: { slug: 'attacker', name: 'Attacker' } }))
      .id;
  });

  afterAll(async () => {
    await Promise.all(queues.map((q) => q.close()));
    await world?.stop();
  });

  function queue(name: string): Queue {
    const q = new Queue(name, { connection: world.redis, prefix: world.queuePrefix });
    queues.push(q);
    return q;
  }

  async function settled(q: Queue, id: string): Promise<Job> {
    return waitFor(`job ${id} settled`, async () => {
      const job = await q.getJob(id);
      const state = job ? await job.getState() : undefined;
      return state === 'failed' || state === 'completed' ? job : undefined;
    });
  }

  /** An HTTP step's activity job for the victim's contact and run, as `tenantId` would have it. */
  const httpActivityJob = (tenantId: string, requestId: string) => ({
    tenantId,
    contactId: victim.contactId,
    runId: victim.runId,
    requestId,
    nodeId: 'call',
    request: { kind: 'http', method: 'GET', url: 'https://example.test', headers: {}, timeoutMs: 1000 },
  });

  const eventsOfVictim = () =>
    withTenant(world.prisma, world.tenantId, (tx) =>
      tx.contactEvent.count({ where: { contactId: victim.contactId } }),
    );
  const allEventsNamingVictim = () =>
    world.prisma.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM contact_events WHERE contact_id = ${victim.contactId}::uuid`;

  it('sets a malformed job aside at once, saying which job and what is wrong but not its payload', async () => {
    const contacts = queue('contacts');
    await contacts.add(
      'contacts',
      { tenantId: 'not-a-tenant', contactId: 42, secret: 'sk-live-SECRET' },
      { jobId: 'forged-contact-1', attempts: 20, backoff: { type: 'fixed', delay: 10 } },
    );
    const sends = queue(`send.${world.channelId}`);
    await sends.add(
      'send',
      { tenantId: world.tenantId, channelId: world.channelId, messageIds: 'all' },
      { jobId: 'forged-send-1', attempts: 50, backoff: { type: 'fixed', delay: 10 } },
    );
    for (const [q, id] of [
      [contacts, 'forged-contact-1'],
      [sends, 'forged-send-1'],
    ] as const) {
      const job = await settled(q, id);
      expect(await job.getState()).toBe('failed');
      expect(job.attemptsMade).toBe(1); // not retried
      expect(job.failedReason).toMatch(/set aside, not retried: malformed payload/);
    }
    const reported = world.errors.filter((e) => e.context === 'malformed job').map((e) => String(e.error));
    expect(reported).toEqual([
      expect.stringMatching(
        /job forged-contact-1 on queue "contacts" .*tenantId: invalid_format.*contactId: invalid_type/,
      ),
      expect.stringMatching(/job forged-send-1 on queue "send\..*messageIds: invalid_type/),
    ]);
    expect(reported.join('\n')).not.toContain('sk-live-SECRET');
    expect(await eventsOfVictim()).toBe(0);
  });

  it('a timer job (forged, or an older version’s) is taken by nobody: timers fire from PostgreSQL only', async () => {
    // Since issue 21's fifth round no worker takes the `timers` queue (timer-poller.ts fires the
    // run_timers rows, which only the engine's own steps write): a job there cannot name a timer
    // into anyone's inbox. Its tenant scoping is timer-poller.int-spec.ts's.
    const timers = queue('timers');
    await timers.add(
      'timers',
      { tenantId: attackerTenantId, contactId: victim.contactId, runId: victim.runId, timerId: 'wait-1' },
      { jobId: 'forged-timer-2' },
    );
    // Long enough for the engine's poller to have polled and its workers to have taken any job.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await (await timers.getJob('forged-timer-2'))?.getState()).toBe('waiting');
    expect((await allEventsNamingVictim())[0]!.n).toBe(0);
  });

  it('an activity job naming another tenant’s run never runs its handler', async () => {
    const activities = queue('activities');
    await activities.add('activities', httpActivityJob(attackerTenantId, 'req-1'), {
      jobId: 'forged-activity-1',
    });
    expect(await (await settled(activities, 'forged-activity-1')).getState()).toBe('completed');
    expect(httpCalls).toEqual([]);
    expect((await allEventsNamingVictim())[0]!.n).toBe(0);
  });

  it('a send job naming another tenant’s queued message sends nothing', async () => {
    const message = await withTenant(world.prisma, world.tenantId, async (tx) => {
      const conversation = await tx.conversation.create({
        data: { tenantId: world.tenantId, contactId: victim.contactId, channelId: world.channelId },
      });
      return tx.message.create({
        data: {
          tenantId: world.tenantId,
          conversationId: conversation.id,
          contactId: victim.contactId,
          channelId: world.channelId,
          direction: 'out',
          type: 'text',
          body: { type: 'text', text: 'not for the attacker to send' },
          status: 'queued',
        },
      });
    });
    const sends = queue(`send.${world.channelId}`);
    await sends.add(
      'send',
      { tenantId: attackerTenantId, channelId: world.channelId, messageIds: [message.id] },
      { jobId: 'forged-send-2' },
    );
    expect(await (await settled(sends, 'forged-send-2')).getState()).toBe('completed');
    const after = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.message.findUniqueOrThrow({ where: { id: message.id } }),
    );
    expect(after).toMatchObject({ status: 'queued', sendAttemptedAt: null, providerMessageId: null });
    await withTenant(world.prisma, world.tenantId, (tx) => tx.message.delete({ where: { id: message.id } }));
  });

  it('the same jobs for the tenant’s own run do their work (the check refuses only strangers)', async () => {
    const activities = queue('activities');
    await activities.add('activities', httpActivityJob(world.tenantId, 'req-2'), { jobId: 'own-activity-1' });
    expect(await (await settled(activities, 'own-activity-1')).getState()).toBe('completed');
    expect(httpCalls).toHaveLength(1);
    expect((await allEventsNamingVictim())[0]!.n).toBe(1);
  });
});
