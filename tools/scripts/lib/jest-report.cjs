// The closing lines of `npm test`, from Jest's JSON result (--json --outputFile).
const path = require('node:path');

/** "12.3 s" under a minute, "4 min 5 s" above. */
function formatDuration(ms) {
  const total = ms / 1000;
  if (total < 60) return `${total.toFixed(1)} s`;
  return `${Math.floor(total / 60)} min ${Math.round(total % 60)} s`;
}

/**
 * The summary line every CI can read ('N passed, N failed, N skipped'; Jest's own is not read by
 * all), and the slowest test files with their wall time, where the suite's time goes.
 * @returns {{ summary: string, files: number, slowest: string[] }}
 */
function summariseJestResult(result, root, slowestCount = 10) {
  const skipped = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
  const summary = `jest: ${result.numPassedTests ?? 0} passed, ${result.numFailedTests ?? 0} failed, ${skipped} skipped`;
  const files = (result.testResults ?? [])
    .filter((entry) => Number.isFinite(entry.startTime) && Number.isFinite(entry.endTime))
    .map((entry) => ({ file: path.relative(root, entry.name), ms: entry.endTime - entry.startTime }))
    .sort((a, b) => b.ms - a.ms);
  const top = files.slice(0, slowestCount);
  const width = Math.max(0, ...top.map(({ ms }) => formatDuration(ms).length));
  const slowest = top.map(({ file, ms }) => `  ${formatDuration(ms).padStart(width)}  ${file}`);
  return { summary, files: files.length, slowest };
}

module.exports = { formatDuration, summariseJestResult };
