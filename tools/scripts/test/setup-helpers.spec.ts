import { mergeEnv, parseDotEnv } from '../lib/env-file.cjs';
import { decideInstall, decidePrismaGenerate, lockfilesMatch } from '../lib/install-check.cjs';
import { parsePgLsClusters, redisServerArgs } from '../lib/local-services.cjs';
import { checkNodeVersion } from '../lib/node-version.cjs';
import { describeAddress, isLocalHost, parseServiceAddress, redactUrl } from '../lib/service-address.cjs';

const pg = { name: 'DATABASE_URL', defaultHost: '127.0.0.1', defaultPort: 5432 };
const redis = { name: 'REDIS_URL', defaultHost: '127.0.0.1', defaultPort: 6379 };

describe('parseServiceAddress', () => {
  it('uses the defaults when the variable is unset or empty', () => {
    expect(parseServiceAddress(undefined, pg)).toEqual({ host: '127.0.0.1', port: 5432, socketPath: null });
    expect(parseServiceAddress('', redis)).toEqual({ host: '127.0.0.1', port: 6379, socketPath: null });
  });

  it('reads host and port, keeping the default port when the URL has none', () => {
    expect(parseServiceAddress('postgresql://u:p@db.internal:6543/leadline?schema=x', pg)).toMatchObject({
      host: 'db.internal',
      port: 6543,
    });
    expect(parseServiceAddress('redis://cache', redis)).toMatchObject({ host: 'cache', port: 6379 });
    expect(parseServiceAddress('rediss://:secret@cache.example.com:6380/2', redis)).toMatchObject({
      host: 'cache.example.com',
      port: 6380,
    });
  });

  it('handles IPv6 hosts and PostgreSQL unix sockets', () => {
    expect(parseServiceAddress('postgresql://postgres@[::1]:5433/x', pg)).toMatchObject({
      host: '::1',
      port: 5433,
    });
    expect(parseServiceAddress('postgresql://postgres@/leadline?host=/var/run/postgresql', pg)).toEqual({
      host: 'localhost',
      port: 5432,
      socketPath: '/var/run/postgresql/.s.PGSQL.5432',
    });
  });

  it('rejects a malformed URL, naming the variable and hiding the password', () => {
    expect(() => parseServiceAddress('postgres://u:hunter2@:not a url', pg)).toThrow(/DATABASE_URL/);
    expect(() => parseServiceAddress('postgres://u:hunter2@:not a url', pg)).not.toThrow(/hunter2/);
  });
});

describe('isLocalHost', () => {
  it.each(['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', 'LOCALHOST', 'api.localhost'])(
    'treats %s as this machine',
    (host) => expect(isLocalHost(host)).toBe(true),
  );
  it.each(['postgres', 'db.example.com', '10.0.0.5', '128.0.0.1'])('treats %s as remote', (host) => {
    expect(isLocalHost(host)).toBe(false);
  });
});

describe('redactUrl / describeAddress', () => {
  it('hides passwords in messages', () => {
    expect(redactUrl('postgresql://postgres:s3cret@db:5432/x')).toBe('postgresql://postgres:***@db:5432/x');
    expect(redactUrl('redis://:s3cret@cache:6379')).toBe('redis://:***@cache:6379');
    expect(redactUrl('redis://cache:6379')).toBe('redis://cache:6379');
  });
  it('brackets IPv6 hosts', () => {
    expect(describeAddress({ host: '::1', port: 5432, socketPath: null })).toBe('[::1]:5432');
  });
});

describe('parseDotEnv', () => {
  it('reads plain, quoted, exported and commented entries', () => {
    const env = parseDotEnv(
      [
        '# comment',
        'DATABASE_URL=postgresql://postgres@127.0.0.1:5432/leadline?schema=public',
        'export PORT=3001',
        "SECRET='a # not a comment'",
        'MULTI="line1\\nline2"',
        'TRAILING=value # comment',
        'EMPTY=',
        'not a valid line',
        'PORT=3002',
      ].join('\n'),
    );
    expect(env).toEqual({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/leadline?schema=public',
      PORT: '3002',
      SECRET: 'a # not a comment',
      MULTI: 'line1\nline2',
      TRAILING: 'value',
      EMPTY: '',
    });
  });
});

describe('mergeEnv', () => {
  it('lets the real environment win over .env, and .env over defaults', () => {
    const merged = mergeEnv({
      defaults: { PORT: '3000', REDIS_URL: 'redis://127.0.0.1:6379', LOG_LEVEL: 'info' },
      fileEnv: { PORT: '4000', REDIS_URL: 'redis://from-file:6379' },
      processEnv: { PORT: '5000', UNSET: undefined, EMPTY: '' },
    });
    expect(merged.PORT).toBe('5000');
    expect(merged.REDIS_URL).toBe('redis://from-file:6379');
    expect(merged.LOG_LEVEL).toBe('info');
    expect(merged.EMPTY).toBe('');
    expect('UNSET' in merged).toBe(false);
  });
});

describe('decideInstall', () => {
  const fresh = {
    hasLockfile: true,
    hasNodeModules: true,
    hasInstalledLock: true,
    lockNewerThanInstall: false,
    lockMatchesInstalled: false,
  };

  it('does nothing when the install is newer than the lockfile', () => {
    expect(decideInstall(fresh).action).toBe('none');
  });
  it('runs npm ci on a fresh clone', () => {
    expect(decideInstall({ ...fresh, hasNodeModules: false, hasInstalledLock: false }).action).toBe('ci');
  });
  it('runs npm ci when the lockfile changed since the install', () => {
    expect(decideInstall({ ...fresh, lockNewerThanInstall: true }).action).toBe('ci');
  });
  it('skips npm ci when the lockfile was only touched, not changed', () => {
    expect(decideInstall({ ...fresh, lockNewerThanInstall: true, lockMatchesInstalled: true }).action).toBe(
      'none',
    );
  });
  it('runs npm ci when node_modules was not made by npm', () => {
    expect(decideInstall({ ...fresh, hasInstalledLock: false, lockNewerThanInstall: true }).action).toBe(
      'ci',
    );
  });
  it('falls back to npm install without a lockfile', () => {
    expect(decideInstall({ ...fresh, hasLockfile: false, hasNodeModules: false }).action).toBe('install');
    expect(decideInstall({ ...fresh, hasLockfile: false }).action).toBe('none');
  });
});

describe('lockfilesMatch', () => {
  const lock = {
    packages: {
      '': { name: 'leadline' },
      'node_modules/zod': { version: '4.6.7' },
      'node_modules/@swc/core-darwin-arm64': { version: '1.16.22', optional: true, os: ['darwin'] },
    },
  };

  it('accepts an install with every required package at the locked version', () => {
    expect(lockfilesMatch(lock, { packages: { 'node_modules/zod': { version: '4.6.7' } } })).toBe(true);
  });
  it('rejects a different version, a missing package or a package no longer locked', () => {
    expect(lockfilesMatch(lock, { packages: { 'node_modules/zod': { version: '4.6.6' } } })).toBe(false);
    expect(lockfilesMatch(lock, { packages: {} })).toBe(false);
    expect(
      lockfilesMatch(lock, {
        packages: { 'node_modules/zod': { version: '4.6.7' }, 'node_modules/left-pad': { version: '1.0.0' } },
      }),
    ).toBe(false);
  });
});

describe('decidePrismaGenerate', () => {
  it('generates when the client is missing or older than the schema, and only then', () => {
    expect(decidePrismaGenerate({ schemaMtimeMs: 10, generatedMtimeMs: null }).generate).toBe(true);
    expect(decidePrismaGenerate({ schemaMtimeMs: 20, generatedMtimeMs: 10 }).generate).toBe(true);
    expect(decidePrismaGenerate({ schemaMtimeMs: 10, generatedMtimeMs: 20 }).generate).toBe(false);
    expect(decidePrismaGenerate({ schemaMtimeMs: null, generatedMtimeMs: null })).toEqual({
      generate: false,
      reason: 'no schema',
    });
  });
});

describe('checkNodeVersion', () => {
  it('compares against a >= range numerically', () => {
    expect(checkNodeVersion('v20.19.0', '>=20.19').ok).toBe(true);
    expect(checkNodeVersion('v20.20.2', '>=20.19').ok).toBe(true);
    expect(checkNodeVersion('v22.1.0', '>=20.19').ok).toBe(true);
    expect(checkNodeVersion('v20.18.3', '>=20.19')).toEqual({
      ok: false,
      checked: true,
      required: '>=20.19',
    });
    expect(checkNodeVersion('v20.9.0', '>=20.19').ok).toBe(false);
    expect(checkNodeVersion('v18.20.0', '>=20.19').ok).toBe(false);
  });
  it('does not block on a range it does not understand', () => {
    expect(checkNodeVersion('v18.0.0', '^20.19 || >=22')).toMatchObject({ ok: true, checked: false });
  });
});

describe('parsePgLsClusters', () => {
  it('reads version, name, port and status from pg_lsclusters output', () => {
    const output = [
      'Ver Cluster Port Status Owner    Data directory              Log file',
      '15  main    5432 online postgres /var/lib/postgresql/15/main /var/log/postgresql/postgresql-15-main.log',
      '16  other   5433 down   postgres /var/lib/postgresql/16/other /var/log/postgresql/postgresql-16-other.log',
      '',
    ].join('\n');
    expect(parsePgLsClusters(output)).toEqual([
      { version: '15', name: 'main', port: 5432, status: 'online' },
      { version: '16', name: 'other', port: 5433, status: 'down' },
    ]);
    expect(parsePgLsClusters('')).toEqual([]);
  });
});

describe('redisServerArgs', () => {
  it('starts a loopback-only Redis that keeps nothing on disk, on the requested port', () => {
    const args = redisServerArgs({ port: 6380, dir: '/tmp/r' });
    expect(args.join(' ')).toContain('--bind 127.0.0.1 -::1 --port 6380');
    expect(args[args.indexOf('--save') + 1]).toBe('');
    expect(args[args.indexOf('--appendonly') + 1]).toBe('no');
    expect(args[args.indexOf('--logfile') + 1]).toBe('/tmp/r/redis.log');
  });
});
