import { parseProcStat } from './process-cpu';

describe('parseProcStat', () => {
  it("reads the parent pid, user + system time and exited children's time, whatever the command name holds", () => {
    const line =
      '4242 (node (worker) x) S 4200 4242 4242 0 -1 4194560 1 0 0 0 250 50 70 30 20 0 11 0 100 0 0';
    expect(parseProcStat(line)).toEqual({ ppid: 4200, cpuSeconds: 3, exitedChildrenCpuSeconds: 1 });
  });
});
