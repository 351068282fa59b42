// `npm start`: set-up, then the API, the worker and the editor side by side with prefixed output.
// Ctrl-C (or SIGTERM) stops them all; if one dies, the others are stopped and we exit non-zero.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';

import { startDevMailbox } from './lib/dev-mailbox.cjs';
import { isReachable } from './lib/reachability.cjs';
import { ROOT, reportSetupError, setup } from './setup.mjs';

const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 10_000;

const useColour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const COLOURS = { api: 36, worker: 35, editor: 33, start: 32 };
function paint(name, text) {
  return useColour ? `\x1b[${COLOURS[name] ?? 37}m${text}\x1b[0m` : text;
}

const LABEL_WIDTH = 6;
function log(message) {
  process.stdout.write(`${paint('start', 'start'.padEnd(LABEL_WIDTH))} | ${message}\n`);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** What to run; an entry whose code does not exist yet is skipped with a note. */
function plannedChildren() {
  const swc = ['-r', '@swc-node/register'];
  const editorPkg = readJson(path.join(ROOT, 'apps/editor/package.json'));
  return [
    {
      name: 'api',
      entry: 'apps/api/src/main.ts',
      command: process.execPath,
      args: [...swc, 'apps/api/src/main.ts'],
    },
    {
      name: 'worker',
      entry: 'apps/worker/src/main.ts',
      command: process.execPath,
      args: [...swc, 'apps/worker/src/main.ts'],
    },
    {
      name: 'editor',
      entry: 'apps/editor/package.json',
      missing: editorPkg?.scripts?.dev ? null : 'no "dev" script in apps/editor/package.json',
      command: 'npm',
      args: ['run', '-s', 'dev', '-w', '@leadline/editor'],
    },
  ];
}

function pipeWithPrefix(stream, name, target) {
  const label = `${paint(name, name.padEnd(LABEL_WIDTH))} | `;
  readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    target.write(`${label}${line}\n`);
  });
}

function httpOk(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(false));
  });
}

async function waitFor(check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

async function main() {
  const env = await setup({ mode: 'start' });
  if (useColour && !env.NO_COLOR) env.FORCE_COLOR = env.FORCE_COLOR ?? '1';
  // The children write to a pipe (prefixed here), not a terminal: ask for readable lines explicitly.
  env.LOG_FORMAT = env.LOG_FORMAT || 'pretty';
  const apiPort = Number(env.PORT || 3000);
  const workerPort = Number(env.WORKER_HEALTH_PORT || 3001);
  const editorPort = Number(env.EDITOR_PORT || 5173);

  // Without SMTP_URL, notification e-mails go to a development mailbox run here (with SMTP_URL set,
  // real mail goes out and no mailbox runs).
  let mailbox = null;
  if (!env.SMTP_URL || !env.SMTP_URL.trim()) {
    try {
      mailbox = await startDevMailbox();
      env.SMTP_URL = mailbox.smtpUrl;
    } catch (error) {
      log(`warning: the development mailbox could not start (${error.message}); e-mails will not be sent`);
    }
  }

  const running = new Map();
  let stopping = false;
  let exitCode = 0;

  const stopAll = (signal) => {
    for (const child of running.values()) {
      try {
        // Each child leads its own process group, so npm's grandchildren (vite) get the signal too.
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    }
  };

  const shutdown = (reason, code, signal = 'SIGTERM') => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    if (running.size === 0) process.exit(exitCode);
    log(`${reason}; stopping ${[...running.keys()].join(', ')}`);
    stopAll(signal);
    setTimeout(() => {
      if (running.size === 0) return;
      log(`still running after ${STOP_GRACE_MS / 1000} s: ${[...running.keys()].join(', ')}; killing`);
      stopAll('SIGKILL');
    }, STOP_GRACE_MS).unref();
  };

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (stopping) {
        log(`second ${signal}: killing everything now`);
        stopAll('SIGKILL');
        process.exit(130);
      }
      shutdown(`received ${signal}`, 0, signal);
    });
  }

  for (const plan of plannedChildren()) {
    const why =
      plan.missing ?? (fs.existsSync(path.join(ROOT, plan.entry)) ? null : `${plan.entry} not found yet`);
    if (why) {
      log(`note: not starting ${plan.name} (${why})`);
      continue;
    }
    const child = spawn(plan.command, plan.args, {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.set(plan.name, child);
    pipeWithPrefix(child.stdout, plan.name, process.stdout);
    pipeWithPrefix(child.stderr, plan.name, process.stderr);
    child.once('error', (error) => log(`${plan.name} could not start: ${error.message}`));
    // 'close' rather than 'exit': the child's last lines are printed before we act on its end.
    child.once('close', (code, signal) => {
      running.delete(plan.name);
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      if (stopping) {
        if (running.size === 0) process.exit(exitCode);
        return;
      }
      shutdown(`${plan.name} ${how}`, code ? code : 1);
      if (running.size === 0) process.exit(exitCode);
    });
  }

  if (running.size === 0) {
    log('nothing to start yet (no app entry files exist)');
    process.exit(1);
  }

  const waits = [];
  if (running.has('api')) {
    waits.push(
      waitFor(() => httpOk(`http://127.0.0.1:${apiPort}/health`), READY_TIMEOUT_MS).then((ok) => {
        if (!ok && !stopping) log(`warning: the API did not answer /health on port ${apiPort} within 90 s`);
      }),
    );
  }
  if (running.has('editor')) {
    waits.push(
      waitFor(() => isReachable({ host: 'localhost', port: editorPort }, 1000), READY_TIMEOUT_MS).then(
        (ok) => {
          if (!ok && !stopping) log(`warning: the editor is not listening on port ${editorPort} after 90 s`);
        },
      ),
    );
  }
  await Promise.all(waits);
  if (stopping) return;

  const lines = ['Leadline is running:'];
  if (running.has('api')) {
    lines.push(`  API      http://localhost:${apiPort}`);
    lines.push(`  health   http://localhost:${apiPort}/health  /ready  /metrics`);
  }
  if (running.has('worker')) lines.push(`  worker   http://localhost:${workerPort}/health  /ready  /metrics`);
  if (running.has('editor')) lines.push(`  editor   http://localhost:${editorPort}`);
  if (mailbox) lines.push(`  mailbox  ${mailbox.webUrl}  (development e-mails; SMTP ${mailbox.smtpUrl})`);
  else lines.push('  e-mail   sent through SMTP_URL');
  lines.push('Press Ctrl-C to stop.');
  for (const line of lines) log(line);
}

main().catch((error) => {
  reportSetupError(error);
  process.exit(1);
});
