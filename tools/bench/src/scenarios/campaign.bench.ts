import { loadavg } from 'node:os';
import { createCampaign, startCampaign } from '@leadline/campaigns';
import { withTenant } from '@leadline/database';
import { META } from '../../../e2e/support/test-channels';
import { numberArg, type BenchArgs } from '../bench-args';
import { percentile, type BenchResult } from '../bench-report';
import { BenchStack } from '../infra/bench-stack';
import { profileReport } from '../profile-report';
import { sleep } from '../reply-tracker';
import { cpuPerStep } from './conversation-step.bench';

const TEMPLATE = 'spring_offer';
const BODY = 'Hi {{1}}, our spring offer: 20% off until Sunday.';

/**
 * A campaign to `--recipients` contacts (1 in `--opted-out-every` opted out) at `--rate` messages a
 * second, through two worker processes, the real send path and the fake Meta Graph API (statuses go
 * back to the API as webhooks). After `--kill-after-seconds` one worker is SIGKILLed and started again.
 * Counted at the fake Meta: sends per second, time to finish, duplicates (a contact messaged twice) and
 * messages to opted-out contacts (both must be 0), and recipients never messaged (0 too). CPU per
 * send by process covers the sending (start to last send, SIGKILL included); `--profile-seconds N`
 * profiles the worker that is not killed for N seconds from `--profile-after-seconds` (default 10).
 */
export async function benchCampaign(args: BenchArgs): Promise<BenchResult[]> {
  const recipients = numberArg(args, 'recipients', 100_000);
  const rate = numberArg(args, 'rate', 200);
  const optedOutEvery = numberArg(args, 'opted-out-every', 100);
  const killAfterMs = numberArg(args, 'kill-after-seconds', 60) * 1000;
  const settleMs = numberArg(args, 'settle-seconds', 70) * 1000;
  const finishMs = numberArg(args, 'finish-seconds', 1800) * 1000;
  const profileMs = numberArg(args, 'profile-seconds', 0) * 1000;
  const profileAfterMs = numberArg(args, 'profile-after-seconds', 10) * 1000;

  const stack = new BenchStack({ flows: [], workers: 2, cpuProfiles: profileMs > 0, pgStats: true });
  try {
    await stack.start();
    stack.fakeMeta.addTemplate({
      wabaId: META.wabaId,
      name: TEMPLATE,
      language: 'en',
      category: 'MARKETING',
      components: [{ type: 'BODY', text: BODY, example: { body_text: [['Rita']] } }],
      status: 'APPROVED',
    });
    const tenantId = stack.tenantId;
    const channel = await stack.prisma.channel.findFirstOrThrow({ where: { tenantId, provider: 'meta' } });
    await stack.prisma.template.create({
      data: {
        tenantId,
        channelId: channel.id,
        name: TEMPLATE,
        language: 'en',
        category: 'marketing',
        status: 'approved',
        components: [{ type: 'BODY', text: BODY }],
      },
    });
    // The audience, in one statement: PT mobiles, 1 in N opted out.
    await stack.prisma.$executeRawUnsafe(
      `INSERT INTO contacts (tenant_id, phone, name, tags, opt_in_state)
       SELECT $1::uuid, '+35191' || lpad(i::text, 7, '0'), 'Person ' || i, ARRAY['bench'],
              (CASE WHEN i % $3 = 0 THEN 'opted_out' ELSE 'opted_in' END)::opt_in_state
       FROM generate_series(1, $2) AS i`,
      tenantId,
      recipients,
      optedOutEvery,
    );
    const optedOut = new Set<string>();
    for (let i = optedOutEvery; i <= recipients; i += optedOutEvery)
      optedOut.add(`35191${String(i).padStart(7, '0')}`);
    const expected = recipients - optedOut.size;

    const perRecipient = new Map<string, number>();
    const perSecond = new Map<number, number>();
    stack.fakeMeta.onSent((message) => {
      if (message.template?.name !== TEMPLATE) return;
      perRecipient.set(message.waId, (perRecipient.get(message.waId) ?? 0) + 1);
      const second = Math.floor(Date.now() / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    });

    // What PostgreSQL spends per statement during the sending (pg_stat_statements, reset here).
    await stack.prisma.$executeRawUnsafe('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await stack.prisma.$executeRawUnsafe('SELECT pg_stat_statements_reset()');
    const cpuBefore = stack.cpuSeconds();
    const startedAt = Date.now();
    const campaignId = await withTenant(
      stack.prisma,
      tenantId,
      async (tx) => {
        const { id } = await createCampaign(
          tx,
          tenantId,
          {
            name: 'Bench',
            templateName: TEMPLATE,
            language: 'en',
            audience: { tags: ['bench'] },
            params: { body: [{ field: 'name' }] },
            ratePerSecond: rate,
          },
          new Date(),
        );
        await startCampaign(tx, tenantId, id, new Date());
        return id;
      },
      { timeout: 300_000 },
    );
    const materialisedMs = Date.now() - startedAt;

    const notes: string[] = [];
    let killed = false;
    let lastSendAt = startedAt;
    const deadline = startedAt + finishMs;
    const loads: number[] = [];
    let loadSampledAt = 0;
    // The worker that is never killed: its profile covers the whole window.
    const profiled = stack.workers[1];
    const profile = { started: false, file: '' };
    for (;;) {
      await sleep(1_000);
      if (Date.now() - loadSampledAt >= 30_000) {
        loadSampledAt = Date.now();
        loads.push(loadavg()[0]);
      }
      const sinceStart = Date.now() - startedAt;
      if (profileMs && !profile.started && sinceStart >= profileAfterMs) {
        profile.started = true;
        await profiled.startProfile();
      }
      if (profile.started && !profile.file && sinceStart >= profileAfterMs + profileMs)
        profile.file = await profiled.stopProfile(stack.profileDir);
      if (!killed && killAfterMs > 0 && Date.now() - startedAt >= killAfterMs) {
        killed = true;
        const worker = stack.workers[0];
        const sentBefore = perRecipient.size;
        await worker.kill('SIGKILL');
        notes.push(
          `SIGKILL ${worker.name} after ${Math.round((Date.now() - startedAt) / 1000)} s (${sentBefore} sent)`,
        );
        await worker.start();
      }
      if (perRecipient.size >= expected) {
        lastSendAt = Date.now();
        break;
      }
      if (Date.now() > deadline) {
        notes.push(`did not finish in ${finishMs / 1000} s`);
        lastSendAt = Date.now();
        break;
      }
    }
    const cpuAfter = stack.cpuSeconds();
    const sentInWindow = perRecipient.size;
    const statements = await topStatements(stack, sentInWindow);
    loads.push(loadavg()[0]);
    if (profile.started && !profile.file) profile.file = await profiled.stopProfile(stack.profileDir);
    // Sends in doubt are settled by their status webhook or re-sent after RECONCILE_MS: wait past it
    // before counting duplicates.
    await sleep(settleMs);
    const status = await withTenant(stack.prisma, tenantId, (tx) =>
      tx.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { status: true } }),
    );
    const duplicates = [...perRecipient.values()].filter((n) => n > 1).length;
    const toOptedOut = [...perRecipient.keys()].filter((waId) => optedOut.has(waId)).length;
    const seconds = [...perSecond.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n);
    // The steady part: leave out the first and last seconds (ramp up, tail).
    const steady = seconds.slice(2, -2).sort((a, b) => a - b);
    const elapsed = (lastSendAt - startedAt) / 1000;
    return [
      {
        name: `campaign: ${recipients.toLocaleString('en-US')} recipients at ${rate}/s, 2 workers${killAfterMs ? ', one SIGKILLed' : ''}`,
        metrics: {
          recipients,
          'expected sends (opted-in)': expected,
          'contacts messaged': perRecipient.size,
          'never messaged': expected - perRecipient.size,
          'messaged twice or more': duplicates,
          'messaged while opted out': toOptedOut,
          'configured rate /s': rate,
          'sends/s (mean over the run)': Math.round((perRecipient.size / elapsed) * 10) / 10,
          'sends/s (median second)': percentile(steady, 50),
          'sends/s (p95 second)': percentile(steady, 95),
          'recipients materialised (s)': materialisedMs / 1000,
          'time to finish (s)': Math.round(elapsed),
          'campaign completed': status.status === 'completed' ? 1 : 0,
          ...cpuPerStep(cpuBefore, cpuAfter, sentInWindow, 'send'),
          'load average (1 min) mean':
            Math.round((loads.reduce((a, b) => a + b, 0) / loads.length) * 10) / 10,
          'load average (1 min) max': Math.round(Math.max(...loads) * 10) / 10,
        },
        notes: notes.join('; '),
        details: [`logs: ${stack.runDir}`, ...statements],
      },
      ...(profile.file ? [profileReport('profile: a worker while the campaign sends', profile.file)] : []),
    ];
  } finally {
    await stack.stop();
  }
}

/**
 * The statements PostgreSQL spent most time on while the campaign sent (pg_stat_statements): per
 * send, how often each ran and its execution time, so the send path's cost is split by statement.
 */
async function topStatements(stack: BenchStack, sends: number, top = 25): Promise<string[]> {
  const rows = await stack.prisma.$queryRawUnsafe<Array<{ calls: bigint; total_ms: number; query: string }>>(
    `SELECT calls, total_exec_time::float8 AS total_ms, regexp_replace(query, '\\s+', ' ', 'g') AS query
     FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT ${top}`,
  );
  const all = await stack.prisma.$queryRawUnsafe<Array<{ calls: bigint; total_ms: number }>>(
    'SELECT sum(calls)::bigint AS calls, sum(total_exec_time)::float8 AS total_ms FROM pg_stat_statements',
  );
  const per = (n: number) => (n / Math.max(1, sends)).toFixed(3);
  return [
    `PostgreSQL statements while sending (pg_stat_statements): ${per(Number(all[0]?.calls ?? 0))} per send, ` +
      `${per(all[0]?.total_ms ?? 0)} ms execution per send; top ${top} by time (calls/send, ms/send, query):`,
    ...rows.map((row) => `  ${per(Number(row.calls))}  ${per(row.total_ms)}  ${row.query.slice(0, 220)}`),
  ];
}
