import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Redis from 'ioredis';
import { REPO_ROOT, startPrivateRedis, testRedisConnection, testRedisUrl } from '../src';
import { leaseRedisDatabase } from '../src/redis-lease';

async function answers(port: number, db = 0): Promise<boolean> {
  const client = new Redis({ port, host: '127.0.0.1', db, lazyConnect: true, maxRetriesPerRequest: 0 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a test file's own Redis", () => {
  it('is ready before the file runs, and named in LEADLINE_TEST_REDIS_URL for child processes too', async () => {
    expect(process.env.LEADLINE_TEST_REDIS_URL).toBe(testRedisUrl());
    const connection = testRedisConnection();
    expect(connection.maxRetriesPerRequest).toBeNull();
    const redis = new Redis(connection);
    try {
      await redis.set('mine', 'yes');
      expect(await redis.get('mine')).toBe('yes');
      // Ours alone: emptying it is allowed (and harms no other file).
      await redis.flushdb();
      expect(await redis.dbsize()).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});

describe('private redis-server', () => {
  it('gives each caller its own server, and stop() takes it away', async () => {
    const [a, b] = await Promise.all([startPrivateRedis(), startPrivateRedis()]);
    try {
      expect(a.port).not.toBe(b.port);
      // Outside the kernel's ephemeral range, where closedPort()/listen(0) ports come from.
      for (const { port } of [a, b]) expect(port < 32_768).toBe(true);
      const ra = new Redis(a.url);
      const rb = new Redis(b.url);
      await ra.set('k', 'a');
      expect(await rb.get('k')).toBeNull();
      ra.disconnect();
      rb.disconnect();
    } finally {
      await a.stop();
      await b.stop();
    }
    expect(await answers(a.port)).toBe(false);
    expect(await answers(b.port)).toBe(false);
  });

  it('dies with the process that started it, even one killed with SIGKILL', async () => {
    const script = `
      const { startPrivateRedis } = require(${JSON.stringify(join(REPO_ROOT, 'libs/testing/src/private-redis.ts'))});
      startPrivateRedis().then((s) => { console.log('port ' + s.port); setInterval(() => {}, 1000); });`;
    const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    await waitUntil('the child to start its server', async () => /port \d+/.test(out), 30_000);
    const port = Number(/port (\d+)/.exec(out)![1]);
    expect(await answers(port)).toBe(true);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await waitUntil('the orphaned server to be stopped', async () => !(await answers(port)));
  });
});

describe('leased logical databases on a shared server', () => {
  it('never hands one database to two holders, empties it on taking it, and frees it on release', async () => {
    const server = await startPrivateRedis();
    try {
      const first = await leaseRedisDatabase(server.url);
      const second = await leaseRedisDatabase(server.url);
      expect(first.db).not.toBe(second.db);
      expect([first.db, second.db]).not.toContain(0); // database 0 holds the leases
      const data = new Redis(first.url);
      await data.set('left', 'behind');
      data.disconnect();
      await first.release();

      const third = await leaseRedisDatabase(server.url);
      expect(third.db).toBe(first.db);
      const again = new Redis(third.url);
      expect(await again.dbsize()).toBe(0);
      again.disconnect();
      await Promise.all([second.release(), third.release()]);
    } finally {
      await server.stop();
    }
  });
});
