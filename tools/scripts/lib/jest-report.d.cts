export declare function formatDuration(ms: number): string;
export declare function summariseJestResult(
  result: {
    numPassedTests?: number;
    numFailedTests?: number;
    numPendingTests?: number;
    numTodoTests?: number;
    testResults?: Array<{ name: string; startTime?: number; endTime?: number }>;
  },
  root: string,
  slowestCount?: number,
): { summary: string; files: number; slowest: string[] };
