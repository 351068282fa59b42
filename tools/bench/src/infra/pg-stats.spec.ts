import {
  autovacuumCpuSeconds,
  connectionsByApp,
  cpuDeltaByKind,
  parseWalRecordStats,
  statementPhaseCpu,
} from './pg-stats';

describe('reading the private cluster log for --pg-stats', () => {
  it('sums the CPU of each statement phase, whatever the log line prefix', () => {
    const log = [
      '2026-12-06 20:41:00.000 UTC [42] app=worker-1 LOG:  PLANNER STATISTICS',
      '2026-12-06 20:41:00.000 UTC [42] app=worker-1 DETAIL:  ! system usage stats:',
      '\t!\t0.000300 s user, 0.000100 s system, 0.000500 s elapsed',
      '\t!\t[0.1 s user, 0.0 s system total]',
      '2026-12-06 20:41:00.001 UTC [43] app=api LOG:  PARSE ANALYSIS STATISTICS',
      '2026-12-06 20:41:00.001 UTC [43] app=api DETAIL:  ! system usage stats:',
      '\t!\t0.000050 s user, 0.000000 s system, 0.000050 s elapsed',
      '2026-12-06 20:41:00.002 UTC [42] app=worker-1 LOG:  PLANNER STATISTICS',
      '2026-12-06 20:41:00.002 UTC [42] app=worker-1 DETAIL:  ! system usage stats:',
      '\t!\t0.000200 s user, 0.000000 s system, 0.000200 s elapsed',
    ].join('\n');
    const phases = statementPhaseCpu(log);
    expect(Object.keys(phases).sort()).toEqual(['parse analysis', 'planner']);
    expect(phases.planner).toBeCloseTo(0.0006, 9);
    expect(phases['parse analysis']).toBeCloseTo(0.00005, 9);
  });

  it('sums autovacuum CPU and counts its runs', () => {
    const log =
      'automatic vacuum of table "leadline_bench.public.messages": index scans: 1\n' +
      '\tsystem usage: CPU: user: 0.02 s, system: 0.01 s, elapsed: 0.05 s\n' +
      'automatic analyze of table "leadline_bench.public.outbox"\n' +
      '\tsystem usage: CPU: user: 0.01 s, system: 0.00 s, elapsed: 0.01 s\n';
    const { seconds, runs } = autovacuumCpuSeconds(log);
    expect(runs).toBe(2);
    expect(seconds).toBeCloseTo(0.04, 9);
  });

  it("counts a child's CPU within the window under its kind, also when it exited in the window", () => {
    const backend = (pid: number, cpuSeconds: number) => ({
      pid,
      title: 'postgres: postgres leadline_bench 127.0.0.1(5000) idle',
      cpuSeconds,
    });
    const before = { own: 1, exited: 10, living: [backend(1, 5), backend(2, 7)] };
    // Backend 2 exited (its 7 + 1 s moved to the exited counter); an unseen child used 0.5 s and exited.
    const after = { own: 1.5, exited: 18.5, living: [backend(1, 6), backend(3, 2)] };
    expect(cpuDeltaByKind(before, after)).toEqual({ postmaster: 0.5, backends: 3, 'exited children': 1.5 });
  });

  it('counts connections opened per client name', () => {
    const log = [
      '2026-12-06 20:41:00.000 UTC [44] app=[unknown] LOG:  connection received: host=127.0.0.1 port=5000',
      '2026-12-06 20:41:00.000 UTC [44] app=worker-1 LOG:  connection authorized: user=postgres database=x',
      '2026-12-06 20:41:00.000 UTC [45] app=[unknown] LOG:  connection authorized: user=postgres database=x',
      '2026-12-06 20:41:00.000 UTC [46] app=[unknown] LOG:  connection authorized: user=postgres database=x',
      '2026-12-06 20:41:00.100 UTC [46] app=api LOG:  disconnection: session time: 0:00:00.100',
    ].join('\n');
    expect(connectionsByApp(log)).toEqual({ 'worker-1': 1, api: 1, unnamed: 1 });
  });

  it("reads pg_waldump's record statistics, the most frequent type first", () => {
    const text = [
      'Type                                           N      (%)          Record size      (%)             FPI size      (%)        Combined size      (%)',
      '----                                           -      ---          -----------      ---             --------      ---        -------------      ---',
      'Heap/INSERT                                   10 ( 10.00)                 1000 ( 20.00)                    0 (  0.00)                 1000 ( 15.00)',
      'Heap/LOCK                                     40 ( 40.00)                 2160 ( 30.00)                 8192 ( 60.00)                10352 ( 50.00)',
      '                                        --------                      --------                      --------                      --------',
      'Total                                        100                          7000 [50.00%]                 8192 [50.00%]                15192 [100%]',
    ].join('\n');
    expect(parseWalRecordStats(text)).toEqual([
      { type: 'Heap/LOCK', count: 40, bytes: 10352 },
      { type: 'Heap/INSERT', count: 10, bytes: 1000 },
    ]);
  });
});
