import { withTenant } from '@leadline/database';
import { ProviderError } from '@leadline/whatsapp';
import { echoFlow } from '../../../tools/bench/src/bench-flows';
import { ingestChannelEvent, type EngineJob } from '../src';
import { wakeContact } from '../src/wake';
import { waitFor } from './support/engine-harness';
import { startEngineWorld, type EngineSettings, type EngineWorld } from './support/engine-world';
import { RecordingProvider, type RecordedSend } from './support/recording-provider';

/**
 * The contact job sends a hot-path step's messages itself right after its commit (send-inline.ts):
 * once, without a send job; and whenever it cannot (the number's rate is spent, the provider
 * refuses, the worker dies between the commit and the send), the send job's path still sends each
 * message exactly once.
 */

/** Records sends; can hold one back (a worker that never gets to send) or refuse the next ones. */
class ControlledProvider extends RecordingProvider {
  /** Sends to these numbers hang until released (as if the worker had died after its commit). */
  readonly held = new Map<string, Array<() => void>>();
  /** The next sends to a number refused with a retryable HTTP answer (nothing sent). */
  readonly refuse = new Map<string, number>();
  refusals = 0;
  readonly at: number[] = [];

  override async send(...args: Parameters<RecordingProvider['send']>) {
    const [to] = args;
    const hold = this.held.get(to);
    if (hold) {
      this.held.delete(to);
      await new Promise<void>((_resolve, reject) => hold.push(() => reject(new Error('worker gone'))));
    }
    const refusals = this.refuse.get(to) ?? 0;
    if (refusals > 0) {
      this.refuse.set(to, refusals - 1);
      this.refusals += 1;
      throw new ProviderError({
        provider: 'sandbox',
        classification: { kind: 'retryable', retryAfterMs: 100 },
        httpStatus: 503,
        message: 'service unavailable',
      });
    }
    this.at.push(Date.now());
    return super.send(...args);
  }
}

describe('inline send: the contact job sends right after its commit', () => {
  let world: EngineWorld | undefined;
  let provider: ControlledProvider;
  let jobs: EngineJob[];

  async function start(settings: Partial<EngineSettings> = {}) {
    provider = new ControlledProvider();
    world = await startEngineWorld({
      flows: [echoFlow()],
      engine: { providers: () => provider, reconcileMs: 1_000, ...settings },
    });
    jobs = [];
    const queue = world.engine.queue;
    const addBulk = queue.addBulk.bind(queue);
    jest.spyOn(queue, 'addBulk').mockImplementation(async (bulk) => {
      jobs.push(...bulk);
      return addBulk(bulk);
    });
    return world;
  }

  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });

  async function says(w: EngineWorld, phone: string, text: string): Promise<void> {
    const accepted = await ingestChannelEvent(w.prisma, {
      kind: 'message',
      channel: { provider: 'sandbox', phoneNumberId: w.phoneNumberId },
      contact: { waId: phone.slice(1), phone, name: 'Rita' },
      message: {
        type: 'text',
        text,
        providerMessageId: `wamid.${phone}.${text}`,
        at: new Date().toISOString(),
      },
    });
    if (accepted.outcome !== 'accepted') throw new Error(`not accepted: ${accepted.outcome}`);
    await wakeContact(w.engine.queue)(accepted.tenantId, accepted.contactId);
  }

  function sent(phone: string, count: number, timeoutMs?: number): Promise<RecordedSend[]> {
    return waitFor(
      `${count} sends to ${phone}`,
      () => {
        const out = provider.sentTo(phone);
        return out.length >= count ? out : undefined;
      },
      timeoutMs,
    );
  }

  async function replies(w: EngineWorld, phone: string) {
    return withTenant(w.prisma, w.tenantId, (tx) =>
      tx.message.findMany({
        where: { direction: 'out', contact: { phone } },
        orderBy: { createdAt: 'asc' },
      }),
    );
  }

  const sendJobs = () => jobs.filter((job) => job.queue === 'send');

  it("writes a lone step and its answer without the group commits' 1 ms wait (nobody else to join)", async () => {
    const w = await start();
    const phone = '+351916660009';
    await says(w, phone, 'benchmark please');
    await sent(phone, 1);
    await waitFor('the first reply recorded', async () =>
      (await replies(w, phone))[0]?.status === 'sent' ? true : undefined,
    );
    const steps = { ...w.engine.contactSteps!.waits };
    const answers = { ...w.engine.answers!.waits };
    await says(w, phone, 'an answer'); // one step on the hot path, alone in the process
    await sent(phone, 2);
    await waitFor('the answer recorded', async () => {
      const all = await replies(w, phone);
      return all.length === 2 && all[1].status === 'sent' ? true : undefined;
    });
    // One batch each, formed at the end of its turn: no timer armed and fired (issue 21, eighth round).
    expect(w.engine.contactSteps!.waits).toEqual({ timed: steps.timed, immediate: steps.immediate + 1 });
    expect(w.engine.answers!.waits).toEqual({ timed: answers.timed, immediate: answers.immediate + 1 });
    expect(w.errors).toEqual([]);
  });

  it('a graceful stop writes the answer waiting in its batch before it returns (the pool closes after it)', async () => {
    // Batches that wait a minute for others: the step's answer is waiting in one when the stop comes,
    // and its contact job with it (it awaits its answer's record).
    const w = await start({ answerBatch: { maxDelayMs: 60_000, maxRows: 64 } });
    const phone = '+351916660010';
    await says(w, phone, 'benchmark please'); // starts the run (the Prisma path: a send job)
    await sent(phone, 1);
    await waitFor('the first reply recorded', async () =>
      (await replies(w, phone))[0]?.status === 'sent' ? true : undefined,
    );
    const batches = w.engine.answers!.written.batches;
    await says(w, phone, 'an answer'); // the step: on the hot path, sent inline
    const out = await sent(phone, 2);
    expect(w.engine.answers!.written.batches).toBe(batches); // the provider has it; its answer waits
    // Without the recorder's close, the stop waited for the job (which waited for the batch) until
    // its timeout, cut the job off and returned with the answer unwritten: the message left claimed
    // for the sweeper and the send job's reconcile, as after a crash.
    await w.stopEngine();
    expect(w.engine.answers!.written.batches).toBe(batches + 1);
    const rows = await replies(w, phone);
    expect(rows.map((row) => row.status)).toEqual(['sent', 'sent']);
    expect(rows[1].providerMessageId).toBe(out[1].providerMessageId);
    expect(w.errors).toEqual([]);
  });

  it('sends a hot-path step once, with no send job, and deletes its outbox row with the answer', async () => {
    const w = await start();
    const phone = '+351916660001';
    await says(w, phone, 'benchmark please'); // starts the run (the Prisma path: a send job)
    await sent(phone, 1);
    await waitFor('the first reply recorded', async () =>
      (await replies(w, phone))[0]?.status === 'sent' ? true : undefined,
    );
    const before = sendJobs().length;
    await says(w, phone, 'an answer'); // the step: on the hot path, sent inline
    const out = await sent(phone, 2);
    const rows = await waitFor('the answer recorded', async () => {
      const all = await replies(w, phone);
      return all.length === 2 && all[1].status === 'sent' ? all : undefined;
    });
    expect(sendJobs().length).toBe(before);
    expect(out.map((send) => send.idempotencyKey)).toEqual(rows.map((row) => row.id));
    expect(rows[1].sendAttemptedAt).not.toBeNull();
    expect(rows[1].providerMessageId).toBe(out[1].providerMessageId);
    const unpublished = await w.prisma.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM outbox WHERE tenant_id = ${w.tenantId}::uuid AND published_at IS NULL`;
    expect(unpublished[0].n).toBe(0);
    // The inline send's row is deleted with its answer (issue 21, eighth round: no index entries for a
    // publish mark nothing reads); the first reply's, published by the contact job, is kept.
    const kept = await w.prisma.$queryRaw<Array<{ answered: number; first: number }>>`
      SELECT count(*) FILTER (WHERE payload->'messageIds' ? ${rows[1].id})::int AS answered,
             count(*) FILTER (WHERE payload->'messageIds' ? ${rows[0].id})::int AS first
      FROM outbox WHERE tenant_id = ${w.tenantId}::uuid AND kind = 'send'`;
    expect(kept[0]).toEqual({ answered: 0, first: 1 });
    // Nothing sent twice meanwhile (a sweep would have found an unpublished row).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(provider.sentTo(phone)).toHaveLength(2);
    expect(w.errors).toEqual([]);
  });

  it('a worker gone between the commit and the send: the sweeper republishes, sent exactly once', async () => {
    const w = await start();
    const phone = '+351916660002';
    await says(w, phone, 'benchmark please');
    await sent(phone, 1);
    const release: Array<() => void> = [];
    provider.held.set(phone, release);
    await says(w, phone, 'an answer');
    // The contact job now waits in the provider, its step committed and its message claimed: the
    // outbox row stays unpublished, the sweeper publishes it (after STALE_AFTER_MS), its send job
    // finds the claim, waits RECONCILE_MS for a status, then sends.
    await waitFor('the hold', () => (release.length ? true : undefined));
    const out = await sent(phone, 2, 30_000);
    expect(sendJobs().length).toBeGreaterThanOrEqual(2);
    const rows = await replies(w, phone);
    expect(rows.map((row) => row.status)).toEqual(['sent', 'sent']);
    expect(out.map((send) => send.idempotencyKey)).toEqual(rows.map((row) => row.id));
    // The held send gives up (its worker "died"): still one send of each message.
    for (const fn of release) fn();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(provider.sentTo(phone)).toHaveLength(2);
    expect(w.errors.map((e) => e.context)).toEqual(['sending after the commit']);
  });

  it('a spent channel rate falls back to the send job, which holds the rate', async () => {
    // One message a second: the run's first reply spends the bucket, so the answers' steps find it
    // empty, claim nothing and go through the send job, which the shared bucket rate-limits.
    const w = await start({ sendRatePerSecond: 1 });
    const phone = '+351916660003';
    await says(w, phone, 'benchmark please');
    await sent(phone, 1);
    const before = sendJobs().length;
    await says(w, phone, 'answer one');
    await says(w, phone, 'answer two');
    await sent(phone, 3);
    const rows = await waitFor('the answers recorded', async () => {
      const all = await replies(w, phone);
      return all.length === 3 && all.every((row) => row.status === 'sent') ? all : undefined;
    });
    expect(sendJobs().length).toBeGreaterThan(before);
    expect(provider.sentTo(phone).map((send) => send.idempotencyKey)).toEqual(rows.map((row) => row.id));
    // The rate held: a token a second, so no two sends close together (a second apart, less what the path adds on a loaded machine).
    const gaps = provider.at.slice(1).map((at, i) => at - provider.at[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
    expect(w.errors).toEqual([]);
  });

  it('a refused inline send is retried by the send job, and sent once', async () => {
    const w = await start();
    const phone = '+351916660004';
    await says(w, phone, 'benchmark please');
    await sent(phone, 1);
    const before = sendJobs().length;
    provider.refuse.set(phone, 1);
    await says(w, phone, 'an answer');
    const out = await sent(phone, 2);
    const rows = await waitFor('the answer recorded', async () => {
      const all = await replies(w, phone);
      return all.length === 2 && all[1].status === 'sent' ? all : undefined;
    });
    expect(provider.refusals).toBe(1);
    expect(sendJobs().length).toBe(before + 1);
    expect(out.map((send) => send.idempotencyKey)).toEqual(rows.map((row) => row.id));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(provider.sentTo(phone)).toHaveLength(2);
    expect(w.errors).toEqual([]);
  });
});
