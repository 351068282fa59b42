import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { bullConnection, QUEUE_PREFIX } from '@leadline/engine';
import { closedPort, createTestDatabase, testRedisUrl, type TestDatabase } from '@leadline/testing';
import { adminCli, connectAsSuperuser, testEnv, type Env } from './admin-support';

const FLOWS = join(__dirname, '..', '..', '..', 'flows');

interface Seeded {
  id: string;
  contactId: string;
  phone: string;
  flow: string;
  status: string;
}

describe('leadline runs', () => {
  let db: TestDatabase;
  let sql: Client;
  let env: Env;
  let wakeups: Queue;
  /** acme's runs, newest first. */
  let runs: Seeded[];
  let globexRun: string;

  async function tenantId(slug: string): Promise<string> {
    return (await sql.query('SELECT id FROM tenants WHERE slug = $1', [slug])).rows[0].id;
  }

  async function seedRun(slug: string, flow: string, phone: string, status: string, startedAt: string) {
    const tenant = await tenantId(slug);
    const contact = await sql.query(
      `INSERT INTO contacts (tenant_id, phone) VALUES ($1, $2)
       ON CONFLICT (tenant_id, phone) DO UPDATE SET phone = excluded.phone RETURNING id`,
      [tenant, phone],
    );
    const { rows } = await sql.query(
      `INSERT INTO flow_runs (tenant_id, flow_id, flow_version_id, contact_id, status, current_node, started_at)
       SELECT f.tenant_id, f.id, f.active_version_id, $3, $4::flow_run_status, 'start', $5::timestamptz
         FROM flows f WHERE f.tenant_id = $1 AND f.key = $2
       RETURNING id`,
      [tenant, flow, contact.rows[0].id, status, startedAt],
    );
    return { id: rows[0].id as string, contactId: contact.rows[0].id as string, phone, flow, status };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = await connectAsSuperuser(db);
    // This file's own Redis (see @leadline/testing), so the wake-up jobs it checks are its own.
    env = testEnv(db, { REDIS_URL: testRedisUrl() });
    for (const slug of ['acme', 'globex']) {
      expect((await adminCli(env, 'tenant', 'create', slug)).code).toBe(0);
      for (const flow of ['lead-capture', 'no-reply-follow-up']) {
        const published = await adminCli(env, 'publish', join(FLOWS, `${flow}.flow.json`), '--tenant', slug);
        expect(published.code).toBe(0);
      }
    }
    const seeded = [
      await seedRun('acme', 'lead-capture', '+447700900001', 'waiting', '2026-03-01 10:00:00+00'),
      await seedRun('acme', 'no-reply-follow-up', '+447700900002', 'completed', '2026-03-01 11:00:00+00'),
      await seedRun('acme', 'lead-capture', '+447700900003', 'handoff', '2026-03-01 12:00:00+00'),
      await seedRun('acme', 'no-reply-follow-up', '+447700900004', 'waiting', '2026-03-01 13:00:00+00'),
      await seedRun('acme', 'lead-capture', '+447700900005', 'failed', '2026-03-01 14:00:00+00'),
    ];
    runs = seeded.reverse();
    globexRun = (await seedRun('globex', 'lead-capture', '+15550109999', 'waiting', '2026-03-02 10:00:00+00'))
      .id;
    wakeups = new Queue('contacts', { connection: bullConnection(testRedisUrl()), prefix: QUEUE_PREFIX });
    await wakeups.obliterate({ force: true });
  });

  afterAll(async () => {
    await wakeups?.obliterate({ force: true });
    await wakeups?.close();
    await sql?.end();
    await db?.drop();
  });

  const controlEvents = async (runId: string) =>
    (
      await sql.query(
        `SELECT contact_id, payload FROM contact_events WHERE kind = 'control' AND payload->>'runId' = $1 ORDER BY id`,
        [runId],
      )
    ).rows;
  const audit = async (runId: string) =>
    (
      await sql.query(
        `SELECT action, actor_api_key_id, actor_user_id, data FROM audit_logs
          WHERE target_type = 'run' AND target_id = $1 ORDER BY at`,
        [runId],
      )
    ).rows;
  const find = (status: string, flow?: string) =>
    runs.find((run) => run.status === status && (!flow || run.flow === flow))!;

  describe('runs list', () => {
    it('lists the tenant’s runs newest first as a table and as JSON', async () => {
      const text = await adminCli(env, 'runs', 'list', '--tenant', 'acme');
      expect(text).toMatchObject({ code: 0, err: '' });
      const lines = text.out.split('\n');
      expect(lines[0]).toMatch(/^RUN\s+FLOW\s+CONTACT\s+STATUS\s+NODE\s+STARTED\s+UPDATED$/);
      expect(lines.slice(1, 6).map((line) => line.split(/\s+/)[0])).toEqual(runs.map((run) => run.id));
      expect(lines[1]).toMatch(
        new RegExp(
          `^${runs[0].id}\\s+lead-capture v1\\s+\\+447700900005\\s+failed\\s+start\\s+2026-03-01 14:00:00Z`,
        ),
      );
      expect(lines.at(-1)).toBe('5 run(s).');
      expect(text.out).not.toContain(globexRun);

      const json = await adminCli(env, 'runs', 'list', '--tenant', 'acme', '--json');
      const parsed = JSON.parse(json.out);
      expect(parsed.more).toBe(false);
      expect(parsed.runs.map((run: { id: string }) => run.id)).toEqual(runs.map((run) => run.id));
      expect(parsed.runs[0]).toEqual({
        id: runs[0].id,
        flowKey: 'lead-capture',
        flowVersion: 1,
        contactId: runs[0].contactId,
        contactPhone: '+447700900005',
        status: 'failed',
        currentNode: 'start',
        startedAt: '2026-03-01T14:00:00.000Z',
        updatedAt: expect.any(String),
        endedAt: null,
        error: null,
      });
    });

    it('filters by status and flow and limits the count', async () => {
      const ids = async (...args: string[]) =>
        JSON.parse((await adminCli(env, 'runs', 'list', '--tenant', 'acme', '--json', ...args)).out);
      expect((await ids('--status', 'waiting')).runs.map((run: Seeded) => run.id)).toEqual(
        runs.filter((run) => run.status === 'waiting').map((run) => run.id),
      );
      expect((await ids('--status', 'waiting,handoff')).runs).toHaveLength(3);
      expect((await ids('--flow', 'no-reply-follow-up')).runs.map((run: Seeded) => run.id)).toEqual(
        runs.filter((run) => run.flow === 'no-reply-follow-up').map((run) => run.id),
      );
      expect(
        (await ids('--flow', 'lead-capture', '--status', 'waiting')).runs.map((run: Seeded) => run.id),
      ).toEqual([find('waiting', 'lead-capture').id]);
      const limited = await ids('--limit', '2');
      expect(limited).toMatchObject({ more: true });
      expect(limited.runs.map((run: Seeded) => run.id)).toEqual(runs.slice(0, 2).map((run) => run.id));
      const text = await adminCli(env, 'runs', 'list', '--tenant', 'acme', '--limit', '2');
      expect(text.out.split('\n').at(-1)).toBe('The newest 2 runs; more match (use --limit).');
      const none = await adminCli(env, 'runs', 'list', '--tenant', 'acme', '--status', 'cancelled');
      expect(none).toMatchObject({ code: 0, out: 'No runs match.' });
    });

    it('exits 2 for bad arguments and 1 for an unknown tenant', async () => {
      const cases: Array<[string[], RegExp]> = [
        [['runs', 'list'], /usage: runs list --tenant/],
        [['runs', 'list', '--tenant', 'acme', '--status', 'paused'], /--status: unknown status "paused"/],
        [['runs', 'list', '--tenant', 'acme', '--limit', '0'], /--limit must be a whole number/],
        [['runs', 'list', '--tenant', 'acme', '--limit', 'many'], /--limit must be a whole number/],
        [['runs', 'list', '--tenant', 'acme', '--flow', 'Lead Capture'], /--flow must be a flow key/],
        [['runs', 'list', '--tenant', 'acme', '--sort', 'asc'], /Unknown option '--sort'/],
        [['runs', 'frobnicate'], /usage: runs list/],
      ];
      for (const [args, message] of cases) {
        const result = await adminCli(env, ...args);
        expect(result.code).toBe(2);
        expect(result.err).toMatch(message);
      }
      expect(await adminCli(env, 'runs', 'list', '--tenant', 'ghost')).toMatchObject({
        code: 1,
        err: 'leadline: tenant "ghost" does not exist',
      });
    });
  });

  describe('runs show', () => {
    it('shows a run with its events in order and its messages', async () => {
      const run = find('waiting', 'no-reply-follow-up');
      const tenant = await tenantId('acme');
      const { rows: ids } = await sql.query(
        `SELECT f.id AS flow_id, f.active_version_id AS version_id,
                (SELECT id FROM channels WHERE tenant_id = $1 LIMIT 1) AS channel_id
           FROM flows f WHERE f.tenant_id = $1 AND f.key = 'no-reply-follow-up'`,
        [tenant],
      );
      let channelId = ids[0].channel_id;
      if (!channelId) {
        channelId = (
          await sql.query(
            `INSERT INTO channels (tenant_id, provider, phone_number_id, display_phone, status)
             VALUES ($1, 'sandbox', 'sandbox-runs-cli', '+15550100000', 'active') RETURNING id`,
            [tenant],
          )
        ).rows[0].id;
      }
      const conversation = (
        await sql.query(
          `INSERT INTO conversations (tenant_id, contact_id, channel_id) VALUES ($1, $2, $3) RETURNING id`,
          [tenant, run.contactId, channelId],
        )
      ).rows[0].id;
      await sql.query(`UPDATE flow_runs SET conversation_id = $1, current_node = 'welcome' WHERE id = $2`, [
        conversation,
        run.id,
      ]);
      for (const [seq, type, node, port] of [
        [3, 'node.enter', 'welcome', null],
        [1, 'node.enter', 'start', null],
        [2, 'node.exit', 'start', 'next'],
      ]) {
        await sql.query(
          `INSERT INTO run_events (tenant_id, run_id, flow_id, flow_version_id, seq, at, type, node_id, port)
           VALUES ($1, $2, $3, $4, $5::int, '2026-03-01 13:00:00+00'::timestamptz + $5::int * interval '1 ms', $6, $7, $8)`,
          [tenant, run.id, ids[0].flow_id, ids[0].version_id, seq, type, node, port],
        );
      }
      await sql.query(
        `INSERT INTO messages (tenant_id, conversation_id, contact_id, channel_id, direction, type, body, status,
                               template_name, run_id, created_at)
         VALUES ($1, $2, $3, $4, 'out', 'template', '{"type":"template","template":{"name":"lead_welcome"}}',
                 'delivered', 'lead_welcome', $5, '2026-03-01 13:00:01+00'),
                ($1, $2, $3, $4, 'in', 'text', '{"type":"text","text":"Yes, call me tomorrow"}', 'received',
                 NULL, NULL, '2026-03-01 13:05:00+00')`,
        [tenant, conversation, run.contactId, channelId, run.id],
      );

      const text = await adminCli(env, 'runs', 'show', run.id, '--tenant', 'acme');
      expect(text).toMatchObject({ code: 0, err: '' });
      expect(text.out).toContain(`Run ${run.id} (tenant "acme")`);
      expect(text.out).toContain('flow      no-reply-follow-up v1');
      expect(text.out).toContain(`contact   +447700900004 (${run.contactId})`);
      expect(text.out).toContain('status    waiting at node welcome');
      const events = text.out.slice(text.out.indexOf('Events (3):'), text.out.indexOf('Messages'));
      expect(events.match(/node\.\w+\s+\S+( → \w+)?/g)).toEqual([
        'node.enter  start',
        'node.exit   start → next',
        'node.enter  welcome',
      ]);
      const messages = text.out.slice(text.out.indexOf('Messages (2):'));
      expect(messages).toMatch(/2026-03-01 13:00:01Z\s+out\s+delivered\s+template lead_welcome/);
      expect(messages).toMatch(/2026-03-01 13:05:00Z\s+in\s+received\s+"Yes, call me tomorrow"/);

      const json = JSON.parse(
        (await adminCli(env, 'runs', 'show', run.id, '--tenant', 'acme', '--json')).out,
      );
      expect(json.events.map((event: { seq: number }) => event.seq)).toEqual([1, 2, 3]);
      expect(json.messages.map((message: { direction: string }) => message.direction)).toEqual(['out', 'in']);
      expect(json.messages[1].body).toEqual({ type: 'text', text: 'Yes, call me tomorrow' });
    });

    it('says why a step left by its error port (code, message, attempts), in text and JSON', async () => {
      const run = find('failed');
      const tenant = await tenantId('acme');
      const { rows } = await sql.query(
        `SELECT id AS flow_id, active_version_id AS version_id FROM flows WHERE tenant_id = $1 AND key = 'lead-capture'`,
        [tenant],
      );
      // What the engine's persistTransition writes for an exit by the error port.
      const error = { code: 'ACTIVITY_FAILED', message: 'shop answered 500', attempts: 3, nodeId: 'lookup' };
      await sql.query(
        `INSERT INTO run_events (tenant_id, run_id, flow_id, flow_version_id, seq, type, node_id, port, data)
         VALUES ($1, $2, $3, $4, 1, 'node.exit', 'lookup', 'error', $5)`,
        [tenant, run.id, rows[0].flow_id, rows[0].version_id, JSON.stringify({ error })],
      );
      const text = await adminCli(env, 'runs', 'show', run.id, '--tenant', 'acme');
      expect(text.out).toMatch(
        /node\.exit\s+lookup → error {2}ACTIVITY_FAILED: shop answered 500 \(3 attempts\)/,
      );
      const json = JSON.parse(
        (await adminCli(env, 'runs', 'show', run.id, '--tenant', 'acme', '--json')).out,
      );
      expect(json.events).toEqual([expect.objectContaining({ port: 'error', data: { error } })]);
    });

    it('exits 1 for another tenant’s run and 2 for a malformed id', async () => {
      expect(await adminCli(env, 'runs', 'show', globexRun, '--tenant', 'acme')).toMatchObject({
        code: 1,
        err: `leadline: tenant "acme" has no run ${globexRun}`,
      });
      expect((await adminCli(env, 'runs', 'show', globexRun, '--tenant', 'globex')).code).toBe(0);
      const malformed = await adminCli(env, 'runs', 'show', 'run-1', '--tenant', 'acme');
      expect(malformed).toMatchObject({ code: 2, err: 'leadline: run id must be a UUID, got "run-1"' });
    });
  });

  describe('runs cancel and resume', () => {
    it('cancel records a control event, audits it and wakes a worker', async () => {
      const run = find('waiting', 'lead-capture');
      const result = await adminCli(
        env,
        'runs',
        'cancel',
        run.id,
        '--tenant',
        'acme',
        '--reason',
        'Duplicate lead',
      );
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(result.out).toBe(
        `Cancel requested for run ${run.id} (flow lead-capture, waiting); a worker applies it within moments.`,
      );
      expect(await controlEvents(run.id)).toEqual([
        {
          contact_id: run.contactId,
          payload: { action: 'cancel', runId: run.id, reason: 'Duplicate lead' },
        },
      ]);
      expect(await audit(run.id)).toEqual([
        {
          action: 'run.cancel_requested',
          actor_api_key_id: null,
          actor_user_id: null,
          data: { via: 'cli', action: 'cancel', reason: 'Duplicate lead' },
        },
      ]);
      const jobs = await wakeups.getJobs(['waiting', 'delayed', 'prioritized']);
      expect(jobs.map((job) => job.data.contactId)).toContain(run.contactId);
    });

    it('resume records the node to go on from, with --json', async () => {
      const run = find('handoff');
      const result = await adminCli(
        env,
        'runs',
        'resume',
        run.id,
        '--tenant',
        'acme',
        '--node',
        'ask_name',
        '--json',
      );
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(JSON.parse(result.out)).toEqual({
        runId: run.id,
        action: 'resume',
        status: 'handoff',
        flowKey: 'lead-capture',
        woken: true,
      });
      expect((await controlEvents(run.id)).map((row) => row.payload)).toEqual([
        { action: 'resume', runId: run.id, nodeId: 'ask_name' },
      ]);
      expect((await audit(run.id)).map((row) => row.action)).toEqual(['run.resume_requested']);
    });

    it('refuses, recording nothing, what the engine would ignore or fail on', async () => {
      const completed = find('completed');
      const failed = find('failed');
      const waiting = find('waiting', 'no-reply-follow-up');
      const handoff = find('handoff');
      const before = (await controlEvents(handoff.id)).length;
      const cases: Array<[string[], number, RegExp]> = [
        [['cancel', completed.id], 1, /already ended \(completed\)/],
        [['cancel', failed.id], 1, /already ended \(failed\)/],
        [['resume', waiting.id], 1, /only a run handed off to a person can be resumed; this one is waiting/],
        [['resume', handoff.id, '--node', 'no_such_node'], 1, /no node "no_such_node"/],
        [['resume', handoff.id, '--node', 'bad node'], 2, /--node must be a node id/],
        [['cancel', completed.id, '--reason', ''], 2, /--reason must be 1-500 characters/],
        [['cancel', globexRun], 1, /tenant "acme" has no run/],
        [['resume', globexRun], 1, /tenant "acme" has no run/],
        [['cancel', 'nope'], 2, /run id must be a UUID/],
      ];
      for (const [args, code, message] of cases) {
        const result = await adminCli(env, 'runs', ...args, '--tenant', 'acme');
        expect({ args, code: result.code }).toEqual({ args, code });
        expect(result.err).toMatch(message);
      }
      for (const run of [completed, failed, waiting]) expect(await controlEvents(run.id)).toEqual([]);
      expect(await controlEvents(handoff.id)).toHaveLength(before);
      expect(await controlEvents(globexRun)).toEqual([]);
    });

    it('still records the request when Redis is down, and says a worker’s sweep will apply it', async () => {
      const { id } = await seedRun(
        'acme',
        'no-reply-follow-up',
        '+447700900099',
        'waiting',
        '2026-03-04 10:00:00+00',
      );
      const port = await closedPort();
      const started = Date.now();
      const result = await adminCli(
        { ...env, REDIS_URL: `redis://127.0.0.1:${port}` },
        'runs',
        'cancel',
        id,
        '--tenant',
        'acme',
      );
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(result.code).toBe(0);
      expect(result.out).toContain('a worker applies it on its next sweep');
      expect(result.err).toBe(
        `leadline: Redis at 127.0.0.1:${port} did not answer, so no worker was woken; the request is recorded ` +
          'and a worker applies it on its next sweep.',
      );
      expect((await controlEvents(id)).map((row) => row.payload)).toEqual([{ action: 'cancel', runId: id }]);
      expect((await audit(id)).map((row) => row.action)).toEqual(['run.cancel_requested']);
    });
  });
});
