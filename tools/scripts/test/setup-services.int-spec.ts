import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { Client } from 'pg';

import { createTestDatabase } from '@leadline/testing';

import { isReachable, waitUntilReachable } from '../lib/reachability.cjs';

const SETUP = path.resolve(__dirname, '..', 'setup.mjs');

function listen(): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer((socket) => socket.end());
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function portOf(server: net.Server): number {
  return (server.address() as net.AddressInfo).port;
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('isReachable', () => {
  it('reports an open port as reachable and the same port, once closed, as unreachable', async () => {
    const server = await listen();
    const port = portOf(server);
    expect(await isReachable({ host: '127.0.0.1', port }, 1000)).toBe(true);
    await close(server);
    expect(await isReachable({ host: '127.0.0.1', port }, 1000)).toBe(false);
  });

  it('waits for a server that comes up later', async () => {
    const probe = await listen();
    const port = portOf(probe);
    await close(probe);
    const late = net.createServer((socket) => socket.end());
    const timer = setTimeout(() => late.listen(port, '127.0.0.1'), 400);
    try {
      expect(await waitUntilReachable({ host: '127.0.0.1', port }, 5000, 100)).toBe(true);
    } finally {
      clearTimeout(timer);
      await new Promise<void>((resolve) => (late.listening ? late.close(() => resolve()) : resolve()));
    }
  });
});

describe('node tools/scripts/setup.mjs', () => {
  function runSetup(
    env: Record<string, string>,
    args: string[] = [],
  ): Promise<{ code: number | null; output: string; ms: number }> {
    const started = Date.now();
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [SETUP, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('close', (code) => resolve({ code, output, ms: Date.now() - started }));
    });
  }

  it('fails fast with the docker compose hint when PostgreSQL is down and cannot be started', async () => {
    // A PATH with nothing on it: no pg_ctlcluster, so set-up has no way to start PostgreSQL.
    const emptyBin = fs.mkdtempSync(path.join(os.tmpdir(), 'leadline-empty-path-'));
    try {
      const result = await runSetup({
        PATH: emptyBin,
        HOME: os.tmpdir(),
        DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/x',
        LEADLINE_SKIP_INSTALL: '1',
      });
      expect(result.code).toBe(1);
      expect(result.output).toContain('docker compose up -d postgres redis');
      expect(result.output).toContain('127.0.0.1:1');
      expect(result.output).not.toContain('migrations');
      expect(result.ms).toBeLessThan(10_000);
    } finally {
      fs.rmSync(emptyBin, { recursive: true, force: true });
    }
  });

  it('refuses to start a remote server and names the variable to change', async () => {
    const result = await runSetup({
      PATH: process.env.PATH ?? '',
      HOME: os.tmpdir(),
      DATABASE_URL: 'postgresql://postgres:hunter2@db.invalid:5432/x',
      LEADLINE_SKIP_INSTALL: '1',
    });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/not on this machine.*change DATABASE_URL/);
    expect(result.output).not.toContain('hunter2');
  });

  describe("the developer's database", () => {
    // A database that drifted from the clone: its newest migration was applied, then edited (as on a
    // branch before release). `npm start` must refuse to run on it; `npm test` has no use for it.
    async function driftedDatabase() {
      const db = await createTestDatabase();
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ migration_name: string }>(
          'SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1',
        );
        await client.query('UPDATE _prisma_migrations SET checksum = $1 WHERE migration_name = $2', [
          'f'.repeat(64),
          rows[0].migration_name,
        ]);
        return { db, newest: rows[0].migration_name };
      } finally {
        await client.end();
      }
    }

    async function checksumOf(url: string, migration: string): Promise<string> {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ checksum: string }>(
          'SELECT checksum FROM _prisma_migrations WHERE migration_name = $1',
          [migration],
        );
        return rows[0].checksum;
      } finally {
        await client.end();
      }
    }

    const env = (databaseUrl: string) => ({
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      DATABASE_URL: databaseUrl,
      LEADLINE_SKIP_INSTALL: '1',
      LEADLINE_SKIP_BROWSER: '1',
    });

    it('is left alone in test mode, even when it drifted from the clone', async () => {
      const { db, newest } = await driftedDatabase();
      try {
        const result = await runSetup(env(db.url), ['--mode', 'test']);
        expect(result.output).toContain('left to the tests');
        expect(result.output).not.toContain('modified after it was applied');
        expect(result.code).toBe(0);
        expect(await checksumOf(db.url, newest)).toBe('f'.repeat(64));
      } finally {
        await db.drop();
      }
    }, 60_000);

    it('is migrated in start mode, which refuses a migration edited after it was applied', async () => {
      const { db, newest } = await driftedDatabase();
      try {
        const result = await runSetup(env(db.url), ['--mode', 'start']);
        expect(result.code).toBe(1);
        expect(result.output).toContain(`migration ${newest} was modified after it was applied`);
      } finally {
        await db.drop();
      }
    }, 60_000);
  });
});
