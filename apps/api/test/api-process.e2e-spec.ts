import { request as httpRequest } from 'node:http';
import { networkInterfaces } from 'node:os';
import { killIfRunning, spawnEntry, type SpawnedProcess } from '@leadline/testing';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './support/test-config';

const ENTRY = 'apps/api/src/main.ts';

function getStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    httpRequest(url, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    })
      .on('error', reject)
      .end();
  });
}

describe('the API process (node -r @swc-node/register apps/api/src/main.ts)', () => {
  let api: SpawnedProcess | undefined;
  afterEach(() => killIfRunning(api));

  it('refuses to start with a bad configuration: exit 1, the variable named, no stack trace', async () => {
    api = spawnEntry(ENTRY, { DATABASE_URL: 'mysql://nope', PORT: 'eighty' });
    const { code } = await api.exited;
    expect(code).toBe(1);
    const stderr = api.stderr();
    expect(stderr).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL (got "mysql://nope")');
    expect(stderr).toContain('PORT: must be a whole number');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).not.toMatch(/ConfigError/);
    expect(api.stdout()).toBe('');
  });

  it('refuses to start in production without real secrets', async () => {
    api = spawnEntry(ENTRY, { NODE_ENV: 'production', ENCRYPTION_KEY: '', JWT_SECRET: '' });
    expect((await api.exited).code).toBe(1);
    expect(api.stderr()).toMatch(/ENCRYPTION_KEY: is required when NODE_ENV=production/);
    expect(api.stderr()).toMatch(/JWT_SECRET: is required when NODE_ENV=production/);
  });

  it('logs its URL once listening, serves requests, and exits 0 on SIGTERM after closing everything', async () => {
    api = spawnEntry(ENTRY, {
      PORT: '0',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      SHUTDOWN_TIMEOUT_MS: '3000',
    });
    const started = await api.waitForLogLine(
      (line) => typeof line.url === 'string' && /listening/.test(String(line.msg)),
    );
    const url = String(started.url);
    expect(url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(started.msg).toMatch(new RegExp(`^Leadline API listening on ${url}`));
    expect(await getStatus(`${url}/ready`)).toBe(200);

    api.child.kill('SIGTERM');
    const { code, signal } = await api.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(api.stdout()).toMatch(/"signal":"SIGTERM".*shutting down/);
    await expect(getStatus(`${url}/health`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  /** This machine's first address that is not loopback (a probe from "the network"). */
  const outsideAddress = () => {
    const found = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry && !entry.internal && entry.family === 'IPv4');
    if (!found) throw new Error('this test needs a non-loopback IPv4 interface');
    return found.address;
  };

  it('with the development secrets, listens on loopback only and says so', async () => {
    api = spawnEntry(ENTRY, {
      PORT: '0',
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      JWT_SECRET: '',
      ENCRYPTION_KEY: '',
    });
    const started = await api.waitForLogLine((line) => typeof line.url === 'string');
    expect(started).toMatchObject({ address: '127.0.0.1', loopbackOnly: true });
    expect(started.msg).toMatch(/\(loopback only: 127\.0\.0\.1\)$/);
    const port = new URL(String(started.url)).port;
    expect(await getStatus(`http://127.0.0.1:${port}/health`)).toBe(200);
    await expect(getStatus(`http://${outsideAddress()}:${port}/health`)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('with real secrets, accepts connections from other machines', async () => {
    api = spawnEntry(ENTRY, {
      PORT: '0',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      JWT_SECRET: 'j'.repeat(48),
      ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
    });
    const started = await api.waitForLogLine((line) => typeof line.url === 'string');
    expect(started.loopbackOnly).toBe(false);
    const port = new URL(String(started.url)).port;
    expect(await getStatus(`http://${outsideAddress()}:${port}/health`)).toBe(200);
  });

  it('refuses LISTEN_HOST beyond loopback with the development secrets, naming the variables', async () => {
    api = spawnEntry(ENTRY, { LISTEN_HOST: '0.0.0.0', JWT_SECRET: '', ENCRYPTION_KEY: '' });
    expect((await api.exited).code).toBe(1);
    expect(api.stderr()).toMatch(
      /LISTEN_HOST: must be a loopback address .* development JWT_SECRET or ENCRYPTION_KEY is in use/,
    );
  });

  it('exits 0 on SIGINT too', async () => {
    api = spawnEntry(ENTRY, { PORT: '0', NODE_ENV: 'test', DATABASE_URL: TEST_DATABASE_URL });
    await api.waitForLogLine((line) => typeof line.url === 'string');
    api.child.kill('SIGINT');
    expect(await api.exited).toEqual({ code: 0, signal: null });
  });
});
