// A worker process for the engine's crash test (libs/engine/test/crash-recovery.int-spec.ts): it runs
// the embedded engine on the test's database, Redis and queue prefix, and sends through the
// test's delivery sink. The test SIGKILLs it at random moments and starts it again.
//
//   SOAK_DATABASE_URL=postgresql://... SOAK_REDIS_URL=redis://127.0.0.1:6379/11 SOAK_QUEUE_PREFIX=soak-1234 \
//   SOAK_SINK_URL=http://127.0.0.1:4567 node -r @swc-node/register tools/engine-soak/engine-worker.ts
//
// Optional: SOAK_RECONCILE_MS (how long an unconfirmed send waits before it is sent again),
// SOAK_JOB_LOCK_MS (how soon a killed worker's jobs are taken over), SOAK_SWEEP_MS, and
// SOAK_WAIT_FOR_GO=1: load everything, then wait for a line on stdin before starting (so a test can
// have the next worker loaded while it kills the current one, and never run two at once).
// Prints "ready" on stdout once the workers run; engine errors go to stderr without message bodies.
import { createPrismaClient } from '@leadline/database';
import { bullConnection, EmbeddedEngine } from '@leadline/engine';
import { SinkProvider } from './sink-provider';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

function optionalNumber(name: string): number | undefined {
  const value = process.env[name];
  return value ? Number(value) : undefined;
}

function goSignal(): Promise<void> {
  if (process.env.SOAK_WAIT_FOR_GO !== '1') return Promise.resolve();
  process.stdout.write('loaded\n');
  return new Promise((resolve) => process.stdin.once('data', () => resolve()));
}

async function main(): Promise<void> {
  await goSignal();
  const prisma = createPrismaClient({ url: required('SOAK_DATABASE_URL'), maxConnections: 8 });
  const provider = new SinkProvider(required('SOAK_SINK_URL'));
  const engine = new EmbeddedEngine({
    prisma,
    redis: bullConnection(required('SOAK_REDIS_URL')),
    providers: () => provider,
    queuePrefix: required('SOAK_QUEUE_PREFIX'),
    sweepIntervalMs: optionalNumber('SOAK_SWEEP_MS') ?? 500,
    channelPollMs: 500,
    reconcileMs: optionalNumber('SOAK_RECONCILE_MS'),
    jobLockMs: optionalNumber('SOAK_JOB_LOCK_MS'),
    onError: (error, context) => {
      const name = (error as Error)?.name ?? 'Error';
      process.stderr.write(`engine error (${context}): ${name}: ${(error as Error)?.message ?? error}\n`);
    },
  });
  await engine.start();
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void engine
      .stop()
      .then(() => prisma.$disconnect())
      .finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`engine worker failed to start: ${(error as Error)?.stack ?? error}\n`);
  process.exit(1);
});
