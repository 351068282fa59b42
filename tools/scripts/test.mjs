// `npm test`: set-up (test mode), then format check, lint, type check and every Jest project.
// Extra arguments go to Jest and skip the static checks: `npm test -- --selectProjects libs/flow-core`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ROOT, reportSetupError, setup } from './setup.mjs';

const started = Date.now();

function seconds(ms) {
  const total = ms / 1000;
  if (total < 60) return `${total.toFixed(1)} s`;
  return `${Math.floor(total / 60)} min ${Math.round(total % 60)} s`;
}

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

/** Jest's own summary is not read by every CI; this line ('N passed, N failed') is. */
function jestSummary(file) {
  try {
    const result = JSON.parse(fs.readFileSync(file, 'utf8'));
    const skipped = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
    return `jest: ${result.numPassedTests} passed, ${result.numFailedTests} failed, ${skipped} skipped`;
  } catch {
    return null;
  } finally {
    fs.rmSync(file, { force: true });
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

  let closingLine = null;
  for (const [name, command] of steps) {
    const stepStarted = Date.now();
    say(`${name} ...`);
    const code = await run(command, env);
    const summary = name === 'jest' && !userChoseOutput ? jestSummary(resultFile) : null;
    if (code !== 0) {
      say(`FAILED at step "${name}" (exit ${code}) after ${seconds(Date.now() - stepStarted)}`);
      say(`total ${seconds(Date.now() - started)}`);
      if (summary) process.stdout.write(`${summary}\n`);
      process.exit(code > 0 && code < 126 ? code : 1);
    }
    say(`${name} passed in ${seconds(Date.now() - stepStarted)}`);
    if (summary) closingLine = summary;
  }
  say(`passed (${steps.map(([name]) => name).join(', ')}) in ${seconds(Date.now() - started)}`);
  if (closingLine) process.stdout.write(`${closingLine}\n`);
}

main().catch((error) => {
  reportSetupError(error);
  say(`FAILED at set-up after ${seconds(Date.now() - started)}`);
  process.exit(1);
});
