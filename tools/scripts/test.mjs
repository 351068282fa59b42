// `npm test`: set-up (test mode), then format check, lint, type check and every Jest project.
// Extra arguments go to Jest and skip the static checks: `npm test -- --selectProjects libs/flow-core`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { formatDuration, summariseJestResult } from './lib/jest-report.cjs';
import { ROOT, reportSetupError, setup } from './setup.mjs';

const started = Date.now();

function say(message) {
  process.stdout.write(`test: ${message}\n`);
}

/** A local binary from node_modules/.bin, falling back to npx when it is not installed there. */
function tool(name, args) {
  const local = path.join(ROOT, 'node_modules', '.bin', name);
  return fs.existsSync(local) ? [local, args] : ['npx', ['--no', '--', name, ...args]];
}

function run([command, args], env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', (error) => {
      process.stderr.write(`${error.message}\n`);
      resolve(127);
    });
    child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Jest's summary and slowest files (lib/jest-report.cjs), read once from its JSON result. */
function jestReport(file) {
  try {
    return summariseJestResult(JSON.parse(fs.readFileSync(file, 'utf8')), ROOT);
  } catch {
    return null;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** The machine the times were taken on: the same suite takes twice as long on a loaded machine. */
function machine() {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const load = os.loadavg()[0].toFixed(1);
  return `${cores} cores, load average ${load}`;
}

function printReport(report) {
  if (!report) return;
  if (report.slowest.length) {
    say(`slowest of ${report.files} test files (${machine()}):`);
    process.stdout.write(`${report.slowest.join('\n')}\n`);
  }
}

async function main() {
  const jestArgs = process.argv.slice(2);
  const env = await setup({ mode: 'test' });

  const userChoseOutput = jestArgs.some((arg) => /^--(json|outputFile)/.test(arg));
  const resultFile = path.join(os.tmpdir(), `leadline-jest-${process.pid}.json`);
  const steps = [];
  if (jestArgs.length === 0) {
    steps.push(['prettier', tool('prettier', ['--check', '.', '--log-level', 'warn'])]);
    steps.push(['eslint', tool('eslint', ['.'])]);
    steps.push(['typecheck', tool('tsc', ['-p', 'tsconfig.json', '--noEmit'])]);
  } else {
    say(
      `extra arguments given (${jestArgs.join(' ')}): running Jest only, skipping prettier, eslint and tsc`,
    );
  }
  const reportArgs = userChoseOutput ? [] : ['--json', `--outputFile=${resultFile}`];
  // --forceExit: a test that boots the whole worker against an unreachable Redis can leave ioredis
  // reconnect timers behind; the results are complete by then, and CI must not wait on them.
  steps.push(['jest', tool('jest', ['--forceExit', ...reportArgs, ...jestArgs])]);

  let closingReport = null;
  for (const [name, command] of steps) {
    const stepStarted = Date.now();
    say(`${name} ...`);
    const code = await run(command, env);
    const report = name === 'jest' && !userChoseOutput ? jestReport(resultFile) : null;
    if (code !== 0) {
      say(`FAILED at step "${name}" (exit ${code}) after ${formatDuration(Date.now() - stepStarted)}`);
      printReport(report);
      say(`total ${formatDuration(Date.now() - started)}`);
      if (report) process.stdout.write(`${report.summary}\n`);
      process.exit(code > 0 && code < 126 ? code : 1);
    }
    say(`${name} passed in ${formatDuration(Date.now() - stepStarted)}`);
    if (report) closingReport = report;
  }
  printReport(closingReport);
  say(`passed (${steps.map(([name]) => name).join(', ')}) in ${formatDuration(Date.now() - started)}`);
  if (closingReport) process.stdout.write(`${closingReport.summary}\n`);
}

main().catch((error) => {
  reportSetupError(error);
  say(`FAILED at set-up after ${formatDuration(Date.now() - started)}`);
  process.exit(1);
});
