import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createPrismaClient,
  publishFlowVersion,
  withTenant,
  type Prisma,
  type PrismaClient,
} from '@leadline/database';
import { DEVELOPMENT_ENCRYPTION_KEY } from '@leadline/config';
import { FakeMetaGraph, type DeliveryOptions, type FakeMetaGraphOptions } from '../../../fake-whatsapp';
import { freePort } from '../../../e2e/support/free-port';
import { seedTenant } from '../../../e2e/support/seed-tenant';
import { META } from '../../../e2e/support/test-channels';
import { AppProcess, REPO_ROOT } from './app-process';
import { PrivatePostgres } from './private-postgres';
import { cpuSecondsOf, ioSyscallsOf } from './process-cpu';
import { PrivateRedis } from './private-redis';

export interface BenchStackOptions {
  flows: Array<Record<string, unknown>>;
  /** Start the API (default true). */
  api?: boolean;
  /** Worker processes to start (default 1). */
  workers?: number;
  /** Let the API and workers be profiled on demand (AppProcess.startProfile), into `profileDir`. */
  cpuProfiles?: boolean;
  /** How the fake Meta delivers webhooks (inbound messages and statuses) to the API. */
  webhooks?: Partial<DeliveryOptions>;
  /** Load pg_stat_statements into the private cluster (`--pg-stats`, see PgStatsProbe). */
  pgStats?: boolean;
  /** Log the CPU of every statement's phases (`--pg-phases`, see statementPhaseCpu). */
  pgPhases?: boolean;
}

/**
 * Everything a bench run needs, all of its own and all on loopback: a private PostgreSQL cluster and
 * Redis (so restarting them hurts nobody), migrated with the project's runner, a tenant with a Meta
 * channel and the given flows, the fake Meta Graph API, and the real API and worker apps in child
 * processes configured as in production.
 */
export class BenchStack {
  readonly runDir: string;
  pg!: PrivatePostgres;
  redis!: PrivateRedis;
  prisma!: PrismaClient;
  fakeMeta!: FakeMetaGraph;
  tenantId = '';
  apiUrl = '';
  api?: AppProcess;
  readonly workers: AppProcess[] = [];
  private env: Record<string, string> = {};
  /** CPU this process spent reading the others' CPU (cpuSeconds), kept out of "bench". */
  private measuringSeconds = 0;

  constructor(private readonly options: BenchStackOptions) {
    this.runDir = join(tmpdir(), 'leadline-bench', new Date().toISOString().replace(/[:.]/g, '-'));
    mkdirSync(this.runDir, { recursive: true });
  }

  /** Where the apps write CPU profiles when `cpuProfiles` is set. */
  get profileDir(): string {
    return join(this.runDir, 'profiles');
  }

  get databaseUrl(): string {
    return this.pg.url();
  }

  async start(): Promise<void> {
    this.pg = new PrivatePostgres(await freePort(), {
      statStatements: this.options.pgStats || this.options.pgPhases,
      phaseStats: this.options.pgPhases,
    });
    await this.pg.init();
    this.redis = new PrivateRedis(await freePort());
    await this.redis.start();
    await migrate(this.databaseUrl, join(this.runDir, 'migrate.log'));
    this.prisma = createPrismaClient({ url: this.databaseUrl, maxConnections: 4 });
    const seeded = await seedTenant(this.prisma, DEVELOPMENT_ENCRYPTION_KEY);
    this.tenantId = seeded.tenantId;
    await withTenant(this.prisma, this.tenantId, async (tx) => {
      for (const flow of this.options.flows) {
        await publishFlowVersion(tx, {
          tenantId: this.tenantId,
          key: String(flow.id),
          name: String(flow.name),
          definition: flow as Prisma.InputJsonValue,
        });
      }
    });

    const apiPort = await freePort();
    this.apiUrl = `http://127.0.0.1:${apiPort}`;
    this.fakeMeta = new FakeMetaGraph(
      benchFakeMetaOptions(`${this.apiUrl}/webhooks/meta`, this.options.webhooks),
    );
    await this.fakeMeta.start();

    this.env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redis.url,
      PORT: String(apiPort),
      PUBLIC_URL: this.apiUrl,
      SHUTDOWN_TIMEOUT_MS: '5000',
      META_GRAPH_URL: this.fakeMeta.url,
      META_GRAPH_VERSION: 'v25.0',
      META_APP_SECRET: META.appSecret,
      META_VERIFY_TOKEN: META.verifyToken,
      WHATSAPP_SEND_RATE: '1000',
      LEADLINE_ENGINE: 'embedded',
      ...(this.options.cpuProfiles ? { CPU_PROFILE_DIR: this.profileDir } : {}),
    };
    if (this.options.cpuProfiles) mkdirSync(this.profileDir, { recursive: true });
    if (this.options.api !== false) {
      this.api = new AppProcess(
        'api',
        'apps/api/src/main.ts',
        // PGAPPNAME names the connections in pg_stat_activity and in `--pg-stats`' connection log.
        { ...this.env, PGAPPNAME: 'api' },
        `${this.apiUrl}/ready`,
        join(this.runDir, 'api.log'),
      );
    }
    for (let i = 0; i < (this.options.workers ?? 1); i += 1) await this.addWorker();
    await Promise.all([this.api?.start(), ...this.workers.map((worker) => worker.start())]);
  }

  private async addWorker(): Promise<AppProcess> {
    const port = await freePort();
    const worker = new AppProcess(
      `worker-${this.workers.length + 1}`,
      'apps/worker/src/main.ts',
      { ...this.env, WORKER_HEALTH_PORT: String(port), PGAPPNAME: `worker-${this.workers.length + 1}` },
      `http://127.0.0.1:${port}/ready`,
      join(this.runDir, `worker-${this.workers.length + 1}.log`),
    );
    this.workers.push(worker);
    return worker;
  }

  /**
   * CPU seconds used so far by each part of the stack ("bench" is this process: load generator and
   * fake Meta). Differences between two readings divide the work by part, however busy the machine.
   */
  cpuSeconds(): Record<'worker' | 'api' | 'postgres' | 'redis' | 'bench', number> {
    const pids = (list: Array<number | undefined>) => list.filter((pid): pid is number => pid !== undefined);
    const usage = process.cpuUsage();
    const bench = (usage.user + usage.system) / 1e6 - this.measuringSeconds;
    const parts = {
      worker: cpuSecondsOf(pids(this.workers.map((worker) => worker.pid))),
      api: cpuSecondsOf(pids([this.api?.pid])),
      postgres: cpuSecondsOf(pids([this.pg.pid])),
      redis: cpuSecondsOf(pids([this.redis.pid])),
      bench,
    };
    // Reading the others walks all of /proc, in this process: that is measuring, not load, so it is
    // left out of "bench" (the walk after a window's first reading would otherwise land in it).
    const spent = process.cpuUsage(usage);
    this.measuringSeconds += (spent.user + spent.system) / 1e6;
    return parts;
  }

  /**
   * Read and write system calls so far by the worker(s), the API, Redis and this process (ioSyscallsOf):
   * the bench's count, unlike its CPU, does not grow when the machine is busy.
   */
  ioSyscalls(): Record<'worker' | 'api' | 'redis' | 'bench', number> {
    const pids = (list: Array<number | undefined>) => list.filter((pid): pid is number => pid !== undefined);
    return {
      worker: ioSyscallsOf(pids(this.workers.map((worker) => worker.pid))),
      api: ioSyscallsOf(pids([this.api?.pid])),
      redis: ioSyscallsOf(pids([this.redis.pid])),
      bench: ioSyscallsOf([process.pid]),
    };
  }

  /** Counts rows of a tenant-owned table through the superuser client (RLS does not apply to it). */
  async scalar(sql: string): Promise<number> {
    const rows = await this.prisma.$queryRawUnsafe<Array<{ n: unknown }>>(sql);
    return Number(rows[0]?.n ?? 0);
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.kill('SIGTERM').catch(() => undefined)));
    await this.api?.kill('SIGTERM').catch(() => undefined);
    await this.fakeMeta?.stop().catch(() => undefined);
    await this.prisma?.$disconnect().catch(() => undefined);
    await this.redis?.stop().catch(() => undefined);
    await this.pg?.destroy().catch(() => undefined);
  }
}

/** The fake Meta every bench talks to: the bench channel's number and secret, no Meta limits. */
export function benchFakeMetaOptions(
  webhookUrl: string,
  webhooks: Partial<DeliveryOptions> = {},
): FakeMetaGraphOptions {
  return {
    appSecret: META.appSecret,
    webhookUrl,
    phoneNumbers: [
      {
        id: META.phoneNumberId,
        displayPhoneNumber: META.displayPhone.slice(1),
        wabaId: META.wabaId,
        tokens: [META.accessToken],
      },
    ],
    // The bench measures us, not Meta's limits.
    throughputMps: Infinity,
    pairLimit: false,
    // No scenario reads the fake's records (replies are timed through onSent): a million of them
    // only made the bench's garbage collector walk a larger heap as a run went on.
    maxRecords: 10_000,
    // Meta retries a webhook the API did not acknowledge, for hours; 20 attempts cover any outage here.
    webhooks: {
      concurrency: 16,
      maxAttempts: 20,
      retryBaseDelayMs: 200,
      retryMaxDelayMs: 5_000,
      timeoutMs: 10_000,
      ...webhooks,
    },
  };
}

/** `npm run db:migrate` against the private cluster: the same runner users deploy with. */
async function migrate(databaseUrl: string, logFile: string): Promise<void> {
  const { createWriteStream } = await import('node:fs');
  const log = createWriteStream(logFile);
  const child = spawn('npm', ['run', '-s', 'db:migrate'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`db:migrate failed (${code}); see ${logFile}`);
}

/** Starts a stack, runs `body`, and always tears everything down (also on Ctrl-C). */
export async function withBenchStack<T>(
  options: BenchStackOptions,
  body: (stack: BenchStack) => Promise<T>,
): Promise<T> {
  const stack = new BenchStack(options);
  const onSignal = () => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  try {
    await stack.start();
    return await body(stack);
  } finally {
    process.off('SIGINT', onSignal);
    await stack.stop();
  }
}
