import { formatDuration, summariseJestResult } from '../lib/jest-report.cjs';

describe('formatDuration', () => {
  it('shows seconds under a minute and minutes above', () => {
    expect(formatDuration(1_234)).toBe('1.2 s');
    expect(formatDuration(59_900)).toBe('59.9 s');
    expect(formatDuration(245_000)).toBe('4 min 5 s');
  });
});

describe('summariseJestResult', () => {
  const file = (name: string, startTime: number, endTime: number) => ({
    name: `/repo/${name}`,
    startTime,
    endTime,
  });

  it('counts passed, failed and skipped tests (pending and todo) for the closing line', () => {
    const report = summariseJestResult(
      { numPassedTests: 7, numFailedTests: 1, numPendingTests: 2, numTodoTests: 1, testResults: [] },
      '/repo',
    );
    expect(report.summary).toBe('jest: 7 passed, 1 failed, 3 skipped');
    expect(report.slowest).toEqual([]);
  });

  it('lists the slowest files first, relative to the repository, as many as asked', () => {
    const report = summariseJestResult(
      {
        numPassedTests: 3,
        numFailedTests: 0,
        testResults: [
          file('libs/a.spec.ts', 1_000, 1_500),
          file('apps/api/test/b.e2e-spec.ts', 1_000, 91_000),
          file('libs/engine/test/c.int-spec.ts', 2_000, 14_000),
        ],
      },
      '/repo',
      2,
    );
    expect(report.files).toBe(3);
    expect(report.slowest).toEqual([
      '  1 min 30 s  apps/api/test/b.e2e-spec.ts',
      '      12.0 s  libs/engine/test/c.int-spec.ts',
    ]);
  });

  it('leaves out files Jest could not time (a file that failed to load has no end time)', () => {
    const report = summariseJestResult(
      { testResults: [{ name: '/repo/broken.spec.ts', startTime: 5 }, file('ok.spec.ts', 0, 10)] },
      '/repo',
    );
    expect(report.files).toBe(1);
    expect(report.summary).toBe('jest: 0 passed, 0 failed, 0 skipped');
  });
});
