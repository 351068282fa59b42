import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PG_BIN = process.env.BENCH_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of the bench's own, in a temporary directory on a loopback port: the fault
 * scenarios restart it, which must never happen to the shared server other people's tests use.
 * As root, the cluster runs as the `postgres` system user (PostgreSQL refuses to run as root).
 */
export class PrivatePostgres {
  private readonly dir = mkdtempSync(join(tmpdir(), 'leadline-bench-pg-'));
  private readonly dataDir = join(this.dir, 'data');
  private running = false;

  /**
   * `statStatements` loads pg_stat_statements (planning time tracked too) and logs every autovacuum
   * and autoanalyze with its CPU, for `--pg-stats`; both cost a little CPU, so plain runs leave them off.
   * `phaseStats` logs the CPU of each statement's phases (`--pg-phases`).
   */
  constructor(
    readonly port: number,
    private readonly settings: { statStatements?: boolean; phaseStats?: boolean } = {},
  ) {}

  /**
   * WAL record types (count, bytes) between two LSNs, by `pg_waldump --stats=record`: what the
   * server's writes are made of (heap inserts, index inserts, row locks of foreign-key checks, ...).
   */
  async walRecordStats(startLsn: string, endLsn: string): Promise<string> {
    const { stdout } = await run(join(PG_BIN, 'pg_waldump'), [
      '-p',
      join(this.dataDir, 'pg_wal'),
      '--start',
      startLsn,
      '--end',
      endLsn,
      '--stats=record',
    ]);
    return stdout;
  }

  /** The server's log (autovacuum CPU lines, when `statStatements` is set). */
  get logFile(): string {
    return join(this.dir, 'server.log');
  }

  /** Superuser URL of a database in this cluster (trust authentication on loopback). */
  url(database = 'leadline_bench'): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private async asOwner(command: string, args: string[]): Promise<void> {
    const binary = join(PG_BIN, command);
    if (process.getuid?.() === 0) await run('runuser', ['-u', 'postgres', '--', binary, ...args]);
    else await run(binary, args);
  }

  /** The postmaster's pid (its backends are its children), while the cluster runs. */
  get pid(): number | undefined {
    try {
      return Number(readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      return undefined;
    }
  }

  async init(): Promise<void> {
    if (process.getuid?.() === 0) {
      chmodSync(this.dir, 0o755);
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      chownSync(this.dir, Number(stdout.trim()), Number(gid.trim()));
    }
    await this.asOwner('initdb', [
      '-D',
      this.dataDir,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    await this.start();
  }

  async start(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      `-k ${this.dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c max_connections=300',
      '-c shared_buffers=256MB',
      // Durability as in production: fsync, synchronous_commit and full_page_writes keep their
      // defaults (on); only initdb skips its own fsync (--no-sync above), before any data exists.
      ...(this.settings.statStatements
        ? [
            '-c shared_preload_libraries=pg_stat_statements',
            '-c pg_stat_statements.track_planning=on',
            // Statements inside functions too (ll_ingest_tenant_batch's): reported apart (toplevel).
            '-c pg_stat_statements.track=all',
            '-c pg_stat_statements.max=2000',
            '-c log_autovacuum_min_duration=0',
            // Connection churn (a pool closing idle connections and opening new ones) costs the
            // server a fork and cold caches per connection: logged with the client's name.
            '-c log_connections=on',
            '-c log_disconnections=on',
            `-c log_line_prefix='%m [%p] app=%a '`,
          ]
        : []),
      // CPU (getrusage) of each phase of every statement in the log: parse, analysis, rewrite,
      // planning, execution. The logging itself costs the server CPU, so only for `--pg-phases`.
      ...(this.settings.phaseStats
        ? ['-c log_parser_stats=on', '-c log_planner_stats=on', '-c log_executor_stats=on']
        : []),
      // Extra server options for a diagnostic run, e.g. auto_explain's plans of the hot statements:
      // BENCH_PG_OPTIONS="-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0".
      ...(process.env.BENCH_PG_OPTIONS ? [process.env.BENCH_PG_OPTIONS] : []),
    ].join(' ');
    await this.asOwner('pg_ctl', ['-D', this.dataDir, '-o', options, '-l', this.logFile, '-w', 'start']);
    this.running = true;
  }

  /** `fast` disconnects every client and shuts down cleanly; `immediate` is a crash (WAL recovery on start). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    if (!this.running) return;
    await this.asOwner('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', 'stop']);
    this.running = false;
  }

  async restart(downtimeMs: number, mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.stop(mode);
    await new Promise((resolve) => setTimeout(resolve, downtimeMs));
    await this.start();
  }

  async destroy(): Promise<void> {
    await this.stop('fast').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
