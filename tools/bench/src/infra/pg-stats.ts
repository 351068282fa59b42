import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { Client } from 'pg';
import type { PrivatePostgres } from './private-postgres';
import { cpuSecondsByChild, type ChildrenCpu } from './process-cpu';

/** A file's text from a byte offset on (the window's part of the server log, however large the log grew). */
function readFrom(file: string, offset: number): string {
  const fd = openSync(file, 'r');
  try {
    const length = Math.max(0, fstatSync(fd).size - offset);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, offset);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The tables one conversation step writes: their HOT-update ratio and index use are reported. */
const HOT_TABLES = [
  'contacts',
  'conversations',
  'messages',
  'contact_events',
  'outbox',
  'flow_runs',
  'run_events',
  'run_timers',
];

export interface StatementCost {
  /** Normalised text ($1 for constants), whitespace collapsed, cut at 600 characters. */
  query: string;
  callsPerStep: number;
  /** Execution + planning, milliseconds per step (wall time inside the backend, lock waits included). */
  msPerStep: number;
  execMsPerCall: number;
  planMsPerCall: number;
  rowsPerCall: number;
  /**
   * Plannings per call: 1 when every execution was planned (a custom plan, or an unprepared
   * statement), near 0 when a prepared statement ran on its cached generic plan.
   */
  plansPerCall: number;
  /** Shared buffers found in the cache per call (pages the statement touched). */
  blocksHitPerCall: number;
  /** Share of all statements' execution + planning time in the window. */
  share: number;
  walBytesPerStep: number;
  blocksDirtiedPerStep: number;
}

export interface TableWrites {
  table: string;
  insertsPerStep: number;
  updatesPerStep: number;
  /** Share of updates that were HOT (no index entry written). */
  hotShare: number;
  deletesPerStep: number;
  indexes: Array<{ name: string; scans: number; bytes: number }>;
}

export interface PgStatsReport {
  steps: number;
  statementsPerStep: number;
  commitsPerStep: number;
  execMsPerStep: number;
  planMsPerStep: number;
  statements: StatementCost[];
  tables: TableWrites[];
  wal: { recordsPerStep: number; fullPageImagesPerStep: number; bytesPerStep: number; syncsPerStep: number };
  /** PostgreSQL's CPU milliseconds per step by process kind (living children by title, exited ones together). */
  cpuMsPerStep: Record<string, number>;
  /** Autovacuum and autoanalyze CPU per step, from their log lines (those workers exit, so /proc cannot name them). */
  autovacuumCpuMsPerStep: number;
  autovacuumRuns: number;
  /** Connections opened in the window by client (PGAPPNAME): each is a fork and a cold cache. */
  connectionsOpened: Record<string, number>;
  /** WAL record types of the window by count per step (pg_waldump), the most frequent first. */
  walRecords?: Array<{ type: string; perStep: number; bytesPerStep: number }>;
  /** With `--pg-phases`: backends' CPU ms per step in each phase of a statement (getrusage, from the log). */
  phaseCpuMsPerStep?: Record<string, number>;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Backends are titled "postgres: <user> <database> <host>(<port>) <state>"; the rest by their role. */
function processKind(title: string): string {
  const role = title.replace(/^postgres:\s*/, '');
  if (/^\S+ \S+ [\d.:]+\(\d+\)/.test(role)) return 'backends';
  return role.split(/\s+/).slice(0, 2).join(' ') || 'other';
}

/**
 * CPU seconds per process kind between two readings. A child that exits hands its whole life's CPU
 * to the postmaster's exited-children counter, so what it had used before the window is taken off
 * again: "exited children" is what children that exited used in the window (backends of closed
 * connections, autovacuum workers), the other kinds what living children used in it.
 */
export function cpuDeltaByKind(before: ChildrenCpu, after: ChildrenCpu): Record<string, number> {
  const kinds: Record<string, number> = { postmaster: after.own - before.own };
  const add = (kind: string, seconds: number) => (kinds[kind] = (kinds[kind] ?? 0) + seconds);
  const alive = new Map(after.living.map((child) => [child.pid, child]));
  let exited = after.exited - before.exited;
  for (const child of before.living) {
    if (alive.has(child.pid)) continue;
    exited -= child.cpuSeconds;
  }
  for (const child of after.living) {
    const earlier = before.living.find((candidate) => candidate.pid === child.pid);
    add(processKind(child.title), child.cpuSeconds - (earlier?.cpuSeconds ?? 0));
  }
  add('exited children', exited);
  return kinds;
}

/** Sums the "system usage: CPU: user: 0.01 s, system: 0.00 s" lines autovacuum logs per table. */
export function autovacuumCpuSeconds(log: string): { seconds: number; runs: number } {
  let seconds = 0;
  let runs = 0;
  for (const match of log.matchAll(/system usage: CPU: user: ([\d.]+) s, system: ([\d.]+) s/g)) {
    seconds += Number(match[1]) + Number(match[2]);
    runs += 1;
  }
  return { seconds, runs };
}

/**
 * Sums the CPU of each statement phase PostgreSQL logs with log_parser_stats, log_planner_stats and
 * log_executor_stats ("PLANNER STATISTICS" then "! 0.000046 s user, 0.000000 s system, ..."), in seconds.
 */
export function statementPhaseCpu(log: string): Record<string, number> {
  const phases: Record<string, number> = {};
  // The DETAIL line carries its own log_line_prefix; the usage line is continued with a tab.
  const pattern =
    /LOG:\s+([A-Z][A-Z ]*?) STATISTICS\s*\n[^\n]*DETAIL:\s+! system usage stats:\s*\n\s*!\s+([\d.]+) s user, ([\d.]+) s system/g;
  for (const match of log.matchAll(pattern)) {
    const phase = match[1].toLowerCase();
    phases[phase] = (phases[phase] ?? 0) + Number(match[2]) + Number(match[3]);
  }
  return phases;
}

/** `pg_waldump --stats=record` lines ("Heap/INSERT   123 ( 12.3)   4567 (...) ...") as type, count, combined bytes. */
export function parseWalRecordStats(text: string): Array<{ type: string; count: number; bytes: number }> {
  const rows: Array<{ type: string; count: number; bytes: number }> = [];
  for (const line of text.split('\n')) {
    const match =
      /^(\S+\/\S+)\s+(\d+)\s+\(\s*[\d.]+\)\s+\d+\s+\(\s*[\d.]+\)\s+\d+\s+\(\s*[\d.]+\)\s+(\d+)/.exec(line);
    if (match) rows.push({ type: match[1], count: Number(match[2]), bytes: Number(match[3]) });
  }
  return rows.sort((a, b) => b.count - a.count);
}

/** Connections opened per client name, from `connection authorized` lines or, failing the name, `disconnection` ones. */
export function connectionsByApp(log: string): Record<string, number> {
  // "connection authorized" is logged before the client's application_name applies: a later line of
  // the same backend pid names it.
  const pids = [...log.matchAll(/\[(\d+)\] app=\S* LOG:\s+connection authorized/g)].map((match) => match[1]);
  const names = new Map<string, string>();
  for (const match of log.matchAll(/\[(\d+)\] app=(\S+) /g)) {
    if (match[2] !== '[unknown]' && match[2] !== '') names.set(match[1], match[2]);
  }
  const opened: Record<string, number> = {};
  for (const pid of pids) {
    const app = names.get(pid) ?? 'unnamed';
    opened[app] = (opened[app] ?? 0) + 1;
  }
  return opened;
}

/**
 * Where PostgreSQL spends its time during a measured window (`--pg-stats`): pg_stat_statements (with
 * planning), the write pattern of the hot tables (HOT updates, index use), WAL and commits, and the
 * server's CPU by process kind, all divided by the steps the window completed.
 */
export class PgStatsProbe {
  private logOffset = 0;
  private startLsn = '';
  private cpuBefore: ChildrenCpu = { own: 0, exited: 0, living: [] };
  private readonly client: Client;

  constructor(
    private readonly pg: PrivatePostgres,
    private readonly phases = false,
  ) {
    this.client = new Client({ connectionString: pg.url() });
    // The stack stops the cluster at the end (or on a failure): that must not crash the bench.
    this.client.on('error', () => undefined);
  }

  async open(): Promise<void> {
    await this.client.connect();
    await this.client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }

  /** Starts the window: every counter back to zero. */
  async reset(): Promise<void> {
    await this.client.query(
      `SELECT pg_stat_statements_reset(), pg_stat_reset(), pg_stat_reset_shared('wal'), pg_stat_reset_shared('bgwriter')`,
    );
    this.logOffset = statSync(this.pg.logFile).size;
    const {
      rows: [lsn],
    } = await this.client.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
    this.startLsn = lsn.lsn;
    this.cpuBefore = cpuSecondsByChild(this.pg.pid ?? 0);
  }

  /** Ends the window: the report of what happened in it, per step. */
  async read(steps: number, top = 25): Promise<PgStatsReport> {
    const per = (value: number) => value / Math.max(1, steps);
    const cpuDelta = cpuDeltaByKind(this.cpuBefore, cpuSecondsByChild(this.pg.pid ?? 0));
    const cpuMsPerStep: Record<string, number> = {};
    for (const kind of Object.keys(cpuDelta)) {
      const ms = per(cpuDelta[kind] * 1000);
      if (ms >= 0.005) cpuMsPerStep[kind] = round(ms);
    }
    const log = readFrom(this.pg.logFile, this.logOffset);
    const {
      rows: [endLsn],
    } = await this.client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    // The WAL of the window (to what is written out: pg_waldump reads the files), by record type;
    // best effort: a recycled segment just leaves it out.
    const walRecords = await this.pg
      .walRecordStats(this.startLsn, endLsn.lsn)
      .then((text) =>
        parseWalRecordStats(text)
          .slice(0, 12)
          .map((row) => ({
            type: row.type,
            perStep: round(per(row.count)),
            bytesPerStep: Math.round(per(row.bytes)),
          })),
      )
      .catch(() => undefined);
    const autovacuum = autovacuumCpuSeconds(log);

    // Our own statistics queries are left out (\_: in LIKE a bare _ matches any character, which
    // left out statements whose comments said "pg-stats"); the same text run by two roles is one row.
    const { rows: statementRows } = await this.client.query<{
      query: string;
      toplevel: boolean;
      calls: string;
      exec: number;
      plan: number;
      rows: string;
      wal_bytes: string;
      dirtied: string;
      plans: string;
      hit: string;
    }>(
      `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, toplevel, sum(calls) AS calls,
              sum(total_exec_time) AS exec, sum(total_plan_time) AS plan, sum(rows) AS rows,
              sum(wal_bytes) AS wal_bytes, sum(shared_blks_dirtied) AS dirtied,
              sum(plans) AS plans, sum(shared_blks_hit) AS hit
         FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND query NOT ILIKE '%pg\\_stat\\_%'
        GROUP BY 1, 2`,
    );
    // A statement inside a function (track=all) is marked and left out of the totals: its time is
    // already in its caller's.
    const all = statementRows.map((row) => ({
      query: (row.toplevel ? '' : '[nested] ') + row.query.slice(0, 600),
      toplevel: row.toplevel,
      calls: Number(row.calls),
      exec: Number(row.exec),
      plan: Number(row.plan),
      rows: Number(row.rows),
      walBytes: Number(row.wal_bytes),
      dirtied: Number(row.dirtied),
      plans: Number(row.plans),
      hit: Number(row.hit),
    }));
    const statements = all.filter((s) => s.toplevel);
    const totalMs = statements.reduce((sum, s) => sum + s.exec + s.plan, 0);
    const ranked = [...all].sort((a, b) => b.exec + b.plan - (a.exec + a.plan));

    const { rows: tableRows } = await this.client.query<{
      relname: string;
      ins: string;
      upd: string;
      hot: string;
      del: string;
    }>(
      `SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_hot_upd AS hot, n_tup_del AS del
         FROM pg_stat_user_tables WHERE relname = ANY($1)`,
      [HOT_TABLES],
    );
    const { rows: indexRows } = await this.client.query<{
      relname: string;
      indexrelname: string;
      idx_scan: string;
      bytes: string;
    }>(
      `SELECT relname, indexrelname, idx_scan, pg_relation_size(indexrelid) AS bytes
         FROM pg_stat_user_indexes WHERE relname = ANY($1) ORDER BY relname, indexrelname`,
      [HOT_TABLES],
    );
    const tables = HOT_TABLES.map((table) => {
      const row = tableRows.find((candidate) => candidate.relname === table);
      const updates = Number(row?.upd ?? 0);
      return {
        table,
        insertsPerStep: round(per(Number(row?.ins ?? 0))),
        updatesPerStep: round(per(updates)),
        hotShare: updates ? round(Number(row?.hot ?? 0) / updates) : 0,
        deletesPerStep: round(per(Number(row?.del ?? 0))),
        indexes: indexRows
          .filter((index) => index.relname === table)
          .map((index) => ({
            name: index.indexrelname,
            scans: Number(index.idx_scan),
            bytes: Number(index.bytes),
          })),
      };
    });

    const {
      rows: [wal],
    } = await this.client.query<{
      wal_records: string;
      wal_fpi: string;
      wal_bytes: string;
      wal_sync: string;
    }>('SELECT wal_records, wal_fpi, wal_bytes, wal_sync FROM pg_stat_wal');
    const {
      rows: [database],
    } = await this.client.query<{ xact_commit: string }>(
      'SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()',
    );

    return {
      steps,
      statementsPerStep: round(per(statements.reduce((sum, s) => sum + s.calls, 0)), 1),
      commitsPerStep: round(per(Number(database.xact_commit)), 1),
      execMsPerStep: round(per(statements.reduce((sum, s) => sum + s.exec, 0))),
      planMsPerStep: round(per(statements.reduce((sum, s) => sum + s.plan, 0))),
      statements: ranked.slice(0, top).map((s) => ({
        query: s.query,
        callsPerStep: round(per(s.calls)),
        msPerStep: round(per(s.exec + s.plan), 3),
        execMsPerCall: round(s.exec / Math.max(1, s.calls), 3),
        planMsPerCall: round(s.plan / Math.max(1, s.calls), 3),
        rowsPerCall: round(s.rows / Math.max(1, s.calls), 1),
        plansPerCall: round(s.plans / Math.max(1, s.calls)),
        blocksHitPerCall: round(s.hit / Math.max(1, s.calls), 1),
        share: totalMs ? round((s.exec + s.plan) / totalMs, 3) : 0,
        walBytesPerStep: Math.round(per(s.walBytes)),
        blocksDirtiedPerStep: round(per(s.dirtied)),
      })),
      tables,
      wal: {
        recordsPerStep: round(per(Number(wal.wal_records)), 1),
        fullPageImagesPerStep: round(per(Number(wal.wal_fpi)), 2),
        bytesPerStep: Math.round(per(Number(wal.wal_bytes))),
        // Four digits: at ~15 webhooks a commit the syncs per webhook (0.06-0.1) are what tells flushes apart.
        syncsPerStep: round(per(Number(wal.wal_sync)), 4),
      },
      cpuMsPerStep,
      autovacuumCpuMsPerStep: round(per(autovacuum.seconds * 1000)),
      autovacuumRuns: autovacuum.runs,
      connectionsOpened: connectionsByApp(log),
      walRecords,
      ...(this.phases
        ? {
            phaseCpuMsPerStep: Object.fromEntries(
              Object.entries(statementPhaseCpu(log)).map(([phase, seconds]) => [
                phase,
                round(per(seconds * 1000)),
              ]),
            ),
          }
        : {}),
    };
  }
}

/** The report as lines under the bench's table. */
export function renderPgStats(report: PgStatsReport): string[] {
  const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)} %`;
  return [
    `pg-stats over ${report.steps} steps: ${report.statementsPerStep} statements and ${report.commitsPerStep} commits per step; ` +
      `statement time ${report.execMsPerStep} ms exec + ${report.planMsPerStep} ms planning per step`,
    `  PostgreSQL CPU ms/step by process: ${Object.entries(report.cpuMsPerStep)
      .map(([kind, ms]) => `${kind} ${ms}`)
      .join(
        ', ',
      )}; autovacuum (from its log) ${report.autovacuumCpuMsPerStep} in ${report.autovacuumRuns} runs`,
    `  connections opened in the window: ${
      Object.entries(report.connectionsOpened)
        .map(([app, count]) => `${app} ${count}`)
        .join(', ') || 'none'
    }`,
    ...(report.phaseCpuMsPerStep
      ? [
          `  backends' CPU ms/step by statement phase: ${Object.entries(report.phaseCpuMsPerStep)
            .map(([phase, ms]) => `${phase} ${ms}`)
            .join(', ')}`,
        ]
      : []),
    `  WAL per step: ${report.wal.recordsPerStep} records, ${report.wal.bytesPerStep} bytes, ` +
      `${report.wal.fullPageImagesPerStep} full-page images, ${report.wal.syncsPerStep} syncs`,
    ...(report.walRecords
      ? [
          `  WAL records per step by type: ${report.walRecords
            .map((row) => `${row.type} ${row.perStep} (${row.bytesPerStep} B)`)
            .join(', ')}`,
        ]
      : []),
    '  top statements by exec + plan time (share, ms/step, calls/step, exec ms/call, plan ms/call, plans/call, blocks hit/call, WAL bytes/step):',
    ...report.statements.map(
      (s) =>
        `  ${pct(s.share)} ${s.msPerStep.toFixed(3).padStart(7)} ${s.callsPerStep.toFixed(2).padStart(5)} ` +
        `${s.execMsPerCall.toFixed(3).padStart(7)} ${s.planMsPerCall.toFixed(3).padStart(7)} ${s.plansPerCall.toFixed(2).padStart(5)} ` +
        `${s.blocksHitPerCall.toFixed(1).padStart(6)} ${String(s.walBytesPerStep).padStart(6)}  ${s.query.slice(0, 160)}`,
    ),
    '  hot tables per step (inserts, updates, HOT share, deletes; indexes with their scans in the window):',
    ...report.tables.map(
      (t) =>
        `  ${t.table.padEnd(15)} ins ${t.insertsPerStep} upd ${t.updatesPerStep} HOT ${pct(t.hotShare).trim()} del ${t.deletesPerStep}; ` +
        t.indexes.map((index) => `${index.name}:${index.scans}`).join(' '),
    ),
  ];
}
