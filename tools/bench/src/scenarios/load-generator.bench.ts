import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeMetaGraph } from '../../../fake-whatsapp';
import { META } from '../../../e2e/support/test-channels';
import { numberArg, type BenchArgs } from '../bench-args';
import type { BenchResult } from '../bench-report';
import { REPO_ROOT } from '../infra/app-process';
import { benchFakeMetaOptions } from '../infra/bench-stack';
import { cpuSecondsOf, ioSyscallsOf } from '../infra/process-cpu';
import { SelfProfile } from '../infra/self-profile';
import { summariseLatencies } from '../latency-summary';
import { profileReport } from '../profile-report';
import { ReplyTracker, sleep } from '../reply-tracker';

function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/**
 * The load generator alone: conversation-step's closed loop (message webhook in, reply and read
 * receipt to the fake Meta, `sent` and `delivered` webhooks) against a stand-in that answers like
 * Leadline but does nothing else (infra/stand-in-leadline.ts), so the bench process's CPU per step
 * is its own cost, measured in seconds instead of a full stack's minutes, and repeatable enough to
 * compare two versions of the load generator on a busy machine (its syscalls per step do not
 * depend on the machine at all). `--profile` adds a CPU profile of the window (it slows the bench).
 */
export async function benchLoadGenerator(args: BenchArgs): Promise<BenchResult[]> {
  const seconds = numberArg(args, 'seconds', 10);
  const contacts = numberArg(args, 'saturation-contacts', 100);
  const results: BenchResult[] = [];
  const fakeMeta = new FakeMetaGraph(
    benchFakeMetaOptions('http://127.0.0.1:1/webhooks/meta', {
      keepAlive: args['webhook-keep-alive'] === 'true',
    }),
  );
  await fakeMeta.start();
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, '..', 'infra', 'stand-in-leadline.ts')],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        META_GRAPH_URL: fakeMeta.url,
        META_PHONE_NUMBER_ID: META.phoneNumberId,
        META_ACCESS_TOKEN: META.accessToken,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const [port] = (await once(child.stdout!, 'data')) as [Buffer];
    fakeMeta.setWebhookUrl(`http://127.0.0.1:${Number(port.toString().trim())}/webhooks/meta`);
    const numbers = Array.from({ length: contacts }, (_, i) => `3519700${String(i).padStart(5, '0')}`);
    const tracker = new ReplyTracker(fakeMeta, numbers);
    let stop = false;
    tracker.chain(
      () => 'an answer',
      () => stop,
    );
    // Warm-up (JIT, connections), then the measured window.
    for (let i = 0; i < contacts; i += 1) tracker.sendNext(() => 'an answer');
    await sleep(2_000);
    tracker.resetWindow();
    const profile = args.profile === 'true' ? new SelfProfile() : undefined;
    await profile?.start();
    const cpuBefore = ownCpuSeconds();
    const childBefore = cpuSecondsOf([child.pid!]);
    const syscallsBefore = ioSyscallsOf([process.pid]);
    await sleep(seconds * 1000);
    const replies = tracker.replies;
    const cpu = ownCpuSeconds() - cpuBefore;
    const syscalls = ioSyscallsOf([process.pid]) - syscallsBefore;
    const childCpu = cpuSecondsOf([child.pid!]) - childBefore;
    const profileFile = await profile?.stop(mkdtempSync(join(tmpdir(), 'leadline-bench-')));
    stop = true;
    tracker.unchain();
    await tracker.drain(30_000);
    const perStep = (value: number) => Math.round((value / Math.max(1, replies)) * 1000) / 1000;
    results.push({
      name: `load-generator: closed loop of ${contacts} contacts against a stand-in for Leadline`,
      metrics: {
        'steps/s': Math.round((replies / seconds) * 10) / 10,
        'p50 ms': summariseLatencies(tracker.latencies).p50,
        'CPU ms/step bench': perStep(cpu * 1000),
        'CPU ms/step stand-in': perStep(childCpu * 1000),
        'syscalls/step bench': Math.round(perStep(syscalls) * 10) / 10,
        unanswered: tracker.outstanding,
        unexpected: tracker.unexpected,
      },
    });
    if (profileFile) results.push(profileReport('profile: the load generator (bench process)', profileFile));
  } finally {
    child.kill('SIGTERM');
    await fakeMeta.stop();
  }
  return results;
}
