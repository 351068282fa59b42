// Brings a clone to the point where `npm start` / `npm test` can run: Node check, dependencies,
// Prisma client, local PostgreSQL and Redis (started when installed but stopped), migrations, seed,
// and the browser for the browser tests. Idempotent and quick when nothing is left to do.
// Plain Node with no dependencies: it runs before `npm install` on a fresh clone.
//
// Environment switches (all optional):
//   LEADLINE_SKIP_INSTALL=1   skip `npm install` and `prisma generate` (used by the set-up's own tests)
//   LEADLINE_SKIP_BROWSER=1   test mode: do not look for / install Chromium
//   CHROMIUM_PATH             browser for the browser tests (default /usr/bin/chromium)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { mergeEnv, readDotEnvFile } from './lib/env-file.cjs';
import { decideInstall, decidePrismaGenerate, lockfilesMatch } from './lib/install-check.cjs';
import { findExecutable, parsePgLsClusters, redisServerArgs } from './lib/local-services.cjs';
import { checkNodeVersion } from './lib/node-version.cjs';
import { isReachable, waitUntilReachable } from './lib/reachability.cjs';
import { describeAddress, isLocalHost, parseServiceAddress, redactUrl } from './lib/service-address.cjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// The one place that says how the Prisma client is generated and where it lands.
const PRISMA_SCHEMA = 'prisma/schema.prisma';
const PRISMA_GENERATED_DIR = 'libs/database/src/generated/prisma';
const PRISMA_GENERATE = ['npx', ['prisma', 'generate']];
// Prisma's schema engine cannot be downloaded on our machines and `generate` never runs it: it only
// needs a path that exists (see prisma/no-schema-engine). A real engine configured by the user wins.
const PRISMA_ENGINE_STAND_IN = 'prisma/no-schema-engine';

function prismaGenerateEnv(env) {
  const standIn = path.join(ROOT, PRISMA_ENGINE_STAND_IN);
  if (env.PRISMA_SCHEMA_ENGINE_BINARY || !fs.existsSync(standIn)) return env;
  return { ...env, PRISMA_SCHEMA_ENGINE_BINARY: standIn };
}

const SERVICE_START_TIMEOUT_MS = 20_000;
const DEFAULT_CHROMIUM = '/usr/bin/chromium';

const SERVICES_HINT = [
  'Start PostgreSQL and Redis in one of these ways:',
  '  - with Docker:  docker compose up -d postgres redis',
  '  - on Debian/Ubuntu:  apt-get install -y postgresql redis-server',
  '      then: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  '      and:  redis-server --daemonize yes --bind 127.0.0.1 -::1 --save "" --appendonly no',
  '  - or point DATABASE_URL / REDIS_URL (environment or .env) at servers you already run.',
].join('\n');

export class SetupError extends Error {
  constructor(step, message) {
    super(message);
    this.step = step;
  }
}

function say(step, message) {
  process.stdout.write(`setup: ${step.padEnd(12)} ${message}\n`);
}

function flag(env, name) {
  return env[name] === '1' || env[name] === 'true';
}

function mtimeMs(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

/** Newest mtime of a directory's direct entries: prisma rewrites every file on generate. */
function newestEntryMtimeMs(dir) {
  let entries;
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return null;
  }
  let newest = null;
  for (const entry of entries) {
    const time = mtimeMs(path.join(dir, entry));
    if (time !== null && (newest === null || time > newest)) newest = time;
  }
  return newest;
}

/**
 * Runs a command. `quiet` captures its output (shown only on failure); otherwise the user sees it.
 * Resolves { code, output }.
 */
function run(command, args, { env, quiet = true, cwd = ROOT } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    });
    let output = '';
    const collect = (chunk) => {
      output += chunk;
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('error', (error) => resolve({ code: 127, output: `${output}${error.message}\n` }));
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

function tail(text, lines = 20) {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function lastLine(text) {
  return (
    text
      .trimEnd()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .pop() ?? ''
  );
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function readPackageJson() {
  const pkg = readJson(path.join(ROOT, 'package.json'));
  if (!pkg) throw new SetupError('repo', `cannot read ${path.join(ROOT, 'package.json')}`);
  return pkg;
}

/** The environment set-up and the apps see: defaults < .env < real environment. */
export function loadEnv(processEnv = process.env) {
  return mergeEnv({ fileEnv: readDotEnvFile(path.join(ROOT, '.env')), processEnv });
}

function checkNode(pkg) {
  const result = checkNodeVersion(process.version, pkg.engines?.node);
  if (!result.ok) {
    throw new SetupError(
      'node',
      `Node ${process.version} is too old: Leadline needs ${result.required}. ` +
        'Install a newer Node (https://nodejs.org, or `nvm install 20`) and run the command again.',
    );
  }
  say('node', `${process.version} ok${result.checked ? ` (${result.required})` : ''}`);
}

async function ensureDependencies(env) {
  if (flag(env, 'LEADLINE_SKIP_INSTALL')) return say('dependencies', 'skipped (LEADLINE_SKIP_INSTALL=1)');
  const lockFile = path.join(ROOT, 'package-lock.json');
  const installedLockFile = path.join(ROOT, 'node_modules', '.package-lock.json');
  const hasLockfile = fs.existsSync(lockFile);
  const hasNodeModules = fs.existsSync(path.join(ROOT, 'node_modules'));
  const installedMtime = mtimeMs(installedLockFile);
  const sourceMtime = mtimeMs(hasLockfile ? lockFile : path.join(ROOT, 'package.json'));
  const lockNewerThanInstall = installedMtime === null || (sourceMtime ?? 0) > installedMtime;
  const decision = decideInstall({
    hasLockfile,
    hasNodeModules,
    hasInstalledLock: installedMtime !== null,
    lockNewerThanInstall,
    // Only read the (large) lockfiles when the timestamps disagree.
    lockMatchesInstalled:
      hasLockfile && lockNewerThanInstall && installedMtime !== null
        ? lockfilesMatch(readJson(lockFile), readJson(installedLockFile))
        : false,
  });
  if (decision.action === 'none') return say('dependencies', 'up to date');
  // Always `npm install`, never `npm ci`: the lockfile cannot list other platforms' optional binaries
  // (@swc/core-darwin-arm64, ...) when the registry mirror does not serve them, and `npm ci` then
  // refuses the lockfile as out of sync. `npm install` keeps to the locked versions all the same, and
  // --no-save keeps it from rewriting package-lock.json (a fresh clone stays unmodified).
  const args = ['install', '--no-save', '--no-audit', '--no-fund'];
  say('dependencies', `${decision.reason}: running npm ${args[0]}`);
  const { code } = await run('npm', args, { env, quiet: false });
  if (code !== 0)
    throw new SetupError('dependencies', `npm ${args[0]} failed (exit ${code}); see its output above.`);
}

async function ensurePrismaClient(env) {
  if (flag(env, 'LEADLINE_SKIP_INSTALL')) return say('prisma', 'skipped (LEADLINE_SKIP_INSTALL=1)');
  const decision = decidePrismaGenerate({
    schemaMtimeMs: mtimeMs(path.join(ROOT, PRISMA_SCHEMA)),
    generatedMtimeMs: newestEntryMtimeMs(path.join(ROOT, PRISMA_GENERATED_DIR)),
  });
  if (decision.reason === 'no schema') return say('prisma', `skipped (${PRISMA_SCHEMA} not found yet)`);
  if (!decision.generate) return say('prisma', 'client up to date');
  say('prisma', `${decision.reason}: running ${PRISMA_GENERATE[0]} ${PRISMA_GENERATE[1].join(' ')}`);
  const { code, output } = await run(PRISMA_GENERATE[0], PRISMA_GENERATE[1], { env: prismaGenerateEnv(env) });
  if (code !== 0) throw new SetupError('prisma', `prisma generate failed (exit ${code}):\n${tail(output)}`);
}

function serviceAddress(env, variable, defaultPort) {
  try {
    return parseServiceAddress(env[variable], { name: variable, defaultHost: '127.0.0.1', defaultPort });
  } catch (error) {
    throw new SetupError(variable, error.message);
  }
}

async function startPostgres(address, env) {
  const ctl = findExecutable('pg_ctlcluster', env.PATH);
  const ls = findExecutable('pg_lsclusters', env.PATH);
  if (!ctl || !ls)
    return { started: false, why: 'PostgreSQL is not installed here (no pg_ctlcluster on PATH)' };
  const listing = await run(ls, [], { env });
  const clusters = parsePgLsClusters(listing.output).filter((cluster) => cluster.port === address.port);
  if (clusters.length === 0) {
    return { started: false, why: `pg_lsclusters lists no cluster on port ${address.port}` };
  }
  for (const cluster of clusters) {
    say('postgres', `starting cluster ${cluster.version}/${cluster.name} (port ${cluster.port})`);
    const result = await run(ctl, ['--skip-systemctl-redirect', cluster.version, cluster.name, 'start'], {
      env,
    });
    // pg_ctlcluster exits 2 when the cluster is already running: not an error for us.
    if (result.code !== 0 && result.code !== 2) {
      return {
        started: false,
        why: `pg_ctlcluster failed (exit ${result.code}):\n${tail(result.output, 10)}`,
      };
    }
  }
  return { started: true };
}

async function startRedis(address, env) {
  const server = findExecutable('redis-server', env.PATH);
  if (!server) return { started: false, why: 'Redis is not installed here (no redis-server on PATH)' };
  const dir = path.join(os.tmpdir(), `leadline-redis-${address.port}`);
  fs.mkdirSync(dir, { recursive: true });
  say('redis', `starting redis-server on port ${address.port} (log: ${path.join(dir, 'redis.log')})`);
  const result = await run(server, redisServerArgs({ port: address.port, dir }), { env });
  if (result.code !== 0) {
    return { started: false, why: `redis-server failed (exit ${result.code}):\n${tail(result.output, 10)}` };
  }
  return { started: true };
}

async function ensureService({ step, variable, defaultPort, start }, env) {
  const address = serviceAddress(env, variable, defaultPort);
  const where = describeAddress(address);
  if (await isReachable(address, 1000)) return say(step, `reachable at ${where}`);
  const source = env[variable] ? `${variable}=${redactUrl(env[variable])}` : `default ${where}`;
  if (!isLocalHost(address.host)) {
    throw new SetupError(
      step,
      `cannot reach ${where} (${source}). It is not on this machine, so set-up will not start it: ` +
        `check that the server is up and reachable, or change ${variable}.\n${SERVICES_HINT}`,
    );
  }
  const attempt = await start(address, env);
  if (!attempt.started) {
    throw new SetupError(
      step,
      `nothing is listening at ${where} (${source}): ${attempt.why}.\n${SERVICES_HINT}`,
    );
  }
  if (!(await waitUntilReachable(address, SERVICE_START_TIMEOUT_MS))) {
    throw new SetupError(
      step,
      `started, but ${where} still does not accept connections after ${SERVICE_START_TIMEOUT_MS / 1000} s.\n` +
        SERVICES_HINT,
    );
  }
  say(step, `started, reachable at ${where}`);
}

/** The file an npm script runs (`node -r x path/to/file.ts`), so a script whose code is not written yet is skipped. */
function scriptEntry(command) {
  if (!command) return null;
  const file = command.split(/\s+/).find((token) => /\.(c|m)?(t|j)s$/.test(token));
  return file ?? null;
}

async function runNpmScript(step, script, pkg, env) {
  const command = pkg.scripts?.[script];
  const entry = scriptEntry(command);
  if (!command) return say(step, `skipped (no "${script}" script in package.json)`);
  if (entry && !fs.existsSync(path.join(ROOT, entry))) return say(step, `skipped (${entry} not found yet)`);
  const { code, output } = await run('npm', ['run', '-s', script], { env });
  if (code !== 0) throw new SetupError(step, `npm run ${script} failed (exit ${code}):\n${tail(output, 30)}`);
  const summary = lastLine(output);
  say(step, summary ? `done (${summary.slice(0, 100)})` : 'done');
}

async function aptCandidate(env) {
  const policy = await run('apt-cache', ['policy', 'chromium'], { env });
  const match = /Candidate:\s*(\S+)/.exec(policy.output);
  return match && match[1] !== '(none)' ? match[1] : null;
}

// Node icons in the editor are emoji: without a colour emoji font, screenshots show boxes.
const EMOJI_FONT_PACKAGE = 'fonts-noto-color-emoji';
const EMOJI_FONT_FILE = '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf';

async function ensureEmojiFont(env) {
  if (fs.existsSync(EMOJI_FONT_FILE)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !findExecutable('apt-get', env.PATH)) {
    return say('fonts', `${EMOJI_FONT_PACKAGE} missing: editor screenshots will show boxes for icons`);
  }
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  let install = await run('apt-get', ['install', '-y', '-qq', EMOJI_FONT_PACKAGE], { env: aptEnv });
  if (install.code !== 0) {
    await run('apt-get', ['update', '-qq'], { env: aptEnv });
    install = await run('apt-get', ['install', '-y', '-qq', EMOJI_FONT_PACKAGE], { env: aptEnv });
  }
  say(
    'fonts',
    install.code === 0
      ? `installed ${EMOJI_FONT_PACKAGE}`
      : `could not install ${EMOJI_FONT_PACKAGE} (icons may show as boxes)`,
  );
}

async function ensureBrowser(env) {
  const browser = env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
  env.CHROMIUM_PATH = browser;
  if (fs.existsSync(browser)) {
    say('browser', browser);
    return ensureEmojiFont(env);
  }
  if (flag(env, 'LEADLINE_SKIP_BROWSER')) {
    return say('browser', `skipped (LEADLINE_SKIP_BROWSER=1; ${browser} missing, browser tests will fail)`);
  }
  const manual =
    `Install it with: apt-get update && apt-get install -y chromium ` +
    `(or set CHROMIUM_PATH to a Chromium/Chrome binary, or LEADLINE_SKIP_BROWSER=1 to skip this check).`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (browser !== DEFAULT_CHROMIUM || !isRoot || !findExecutable('apt-get', env.PATH)) {
    throw new SetupError('browser', `${browser} not found; the browser tests need it. ${manual}`);
  }
  say('browser', `${browser} missing: installing chromium with apt-get (about 1-2 minutes)`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = await run('apt-get', ['update', '-qq'], { env: aptEnv });
  if (update.code !== 0) {
    throw new SetupError(
      'browser',
      `apt-get update failed (exit ${update.code}):\n${tail(update.output, 10)}\n${manual}`,
    );
  }
  if (!(await aptCandidate(aptEnv))) {
    throw new SetupError('browser', `apt has no chromium package for this system. ${manual}`);
  }
  const install = await run('apt-get', ['install', '-y', '-qq', 'chromium', EMOJI_FONT_PACKAGE], {
    env: aptEnv,
  });
  if (install.code !== 0 || !fs.existsSync(browser)) {
    throw new SetupError(
      'browser',
      `apt-get install chromium failed (exit ${install.code}):\n${tail(install.output, 10)}`,
    );
  }
  say('browser', `installed ${browser}`);
}

/**
 * @param {{ mode?: 'start' | 'test', env?: NodeJS.ProcessEnv }} options
 * @returns {Promise<Record<string, string>>} the environment to give the apps and tests.
 */
export async function setup({ mode = 'start', env: processEnv = process.env } = {}) {
  if (mode !== 'start' && mode !== 'test')
    throw new SetupError('setup', `unknown mode ${JSON.stringify(mode)}`);
  const pkg = readPackageJson();
  checkNode(pkg);
  const env = loadEnv(processEnv);
  await ensureDependencies(env);
  await ensurePrismaClient(env);
  await ensureService(
    { step: 'postgres', variable: 'DATABASE_URL', defaultPort: 5432, start: startPostgres },
    env,
  );
  await ensureService({ step: 'redis', variable: 'REDIS_URL', defaultPort: 6379, start: startRedis }, env);
  if (mode === 'start') {
    await runNpmScript('migrations', 'db:migrate', pkg, env);
    await runNpmScript('seed', 'db:seed', pkg, env);
  } else {
    // The tests never use the database in DATABASE_URL: each test file creates, migrates and drops
    // its own (libs/testing's createTestDatabase), so every migration is applied from scratch on
    // every run anyway. Migrating the developer's database here gained nothing and made `npm test`
    // fail whenever that database had drifted from the clone (a migration edited on a branch and
    // applied there before it was released: the runner rightly refuses to run on a checksum it
    // does not know). The developer's data is theirs; `npm start` migrates it.
    say(
      'migrations',
      'left to the tests: each test file migrates a database of its own (DATABASE_URL untouched)',
    );
    await ensureBrowser(env);
    process.env.CHROMIUM_PATH = env.CHROMIUM_PATH;
  }
  return env;
}

/** Prints a failed step the same way for setup, start and test. */
export function reportSetupError(error) {
  if (error instanceof SetupError) {
    process.stderr.write(`\nsetup: ${error.step} failed: ${error.message}\n`);
  } else {
    process.stderr.write(`\nsetup: failed: ${error?.stack ?? error}\n`);
  }
}

function parseCliMode(argv) {
  const index = argv.indexOf('--mode');
  if (index !== -1) return argv[index + 1];
  const inline = argv.find((arg) => arg.startsWith('--mode='));
  return inline ? inline.slice('--mode='.length) : 'start';
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const started = Date.now();
  setup({ mode: parseCliMode(process.argv.slice(2)) }).then(
    () => say('done', `in ${((Date.now() - started) / 1000).toFixed(1)} s`),
    (error) => {
      reportSetupError(error);
      process.exit(1);
    },
  );
}
