import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminCli, useAdminDatabase } from './admin-support';

const dir = mkdtempSync(join(tmpdir(), 'leadline-publish-'));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

function flow(id: string, question = 'Name?') {
  return {
    format: 'leadline.flow/v1',
    id,
    name: `Flow ${id}`,
    nodes: [
      { id: 'start', type: 'trigger', data: { on: 'keyword', keywords: ['hi'] } },
      { id: 'ask', type: 'question', data: { text: question, save: 'name' } },
      { id: 'sorry', type: 'message', data: { text: 'Sorry, a colleague will reply.' } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
      { id: 'e2', source: 'ask', sourceHandle: 'invalid', target: 'sorry' },
    ],
  };
}

describe('leadline publish', () => {
  const admin = useAdminDatabase({ tenants: ['acme'] });

  const versions = async (key: string) =>
    (
      await admin.sql.query(
        `SELECT v.version, v.definition, f.active_version_id = v.id AS active
           FROM flow_versions v JOIN flows f ON f.id = v.flow_id WHERE f.key = $1 ORDER BY v.version`,
        [key],
      )
    ).rows;
  const publishedAudit = async () =>
    (
      await admin.sql.query(`SELECT data FROM audit_logs WHERE action = 'flow.published' ORDER BY at`)
    ).rows.map((row) => row.data);

  it('publishes version 1, keeps it on an unchanged publish, and makes version 2 active on a change', async () => {
    const first = await adminCli(
      admin.env,
      'publish',
      file('welcome.json', flow('welcome')),
      '--tenant',
      'acme',
      '--json',
    );
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(first.out)).toEqual({ flow: 'welcome', version: 1, created: true });
    expect(await versions('welcome')).toEqual([{ version: 1, definition: flow('welcome'), active: true }]);

    const same = await adminCli(
      admin.env,
      'publish',
      file('welcome.json', flow('welcome')),
      '--tenant',
      'acme',
      '--json',
    );
    expect(JSON.parse(same.out)).toEqual({ flow: 'welcome', version: 1, created: false });
    expect(await versions('welcome')).toHaveLength(1);

    const changed = flow('welcome', 'What is your name?');
    const second = await adminCli(admin.env, 'publish', file('welcome.json', changed), '--tenant', 'acme');
    expect(second.code).toBe(0);
    expect(second.out).toBe('Published flow "welcome" version 2 for tenant "acme"; it is now active.');
    expect(await versions('welcome')).toEqual([
      { version: 1, definition: flow('welcome'), active: false },
      { version: 2, definition: changed, active: true },
    ]);

    const again = await adminCli(admin.env, 'publish', file('welcome.json', changed), '--tenant', 'acme');
    expect(again.out).toBe('Flow "welcome" is unchanged: version 2 stays active for tenant "acme".');

    // One audit row per version created, none for the unchanged publishes.
    expect(await publishedAudit()).toEqual([
      expect.objectContaining({ key: 'welcome', version: 1 }),
      expect.objectContaining({ key: 'welcome', version: 2 }),
    ]);
  });

  it('refuses an invalid flow with exit 1, shows the problems like validate, and stores nothing', async () => {
    const broken = {
      ...flow('broken'),
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'x' }],
    };
    const path = file('broken.json', broken);
    const audit = await publishedAudit();

    const human = await adminCli(admin.env, 'publish', path, '--tenant', 'acme');
    expect(human.code).toBe(1);
    const validate = await adminCli(admin.env, 'validate', path);
    expect(validate.code).toBe(1);
    expect(human.err).toContain(validate.out);
    expect(human.err).toContain('DANGLING_EDGE');
    expect(human.err).toContain('nothing was published');

    const json = await adminCli(admin.env, 'publish', path, '--tenant', 'acme', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toEqual(
      JSON.parse((await adminCli(admin.env, 'validate', path, '--json')).out),
    );

    expect((await admin.sql.query(`SELECT 1 FROM flows WHERE key = 'broken'`)).rowCount).toBe(0);
    expect(await publishedAudit()).toEqual(audit);
  });

  it('refuses a flow naming an activity this deployment does not have (LEADLINE_ACTIVITIES), like the API', async () => {
    const withActivity = (name: string) => ({
      ...flow('orders'),
      nodes: [
        flow('orders').nodes[0],
        { id: 'lookup', type: 'activity', data: { name, input: { orderId: '{{message.text}}' } } },
      ],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'lookup' }],
    });
    const env = {
      ...admin.env,
      LEADLINE_ACTIVITIES: join(__dirname, 'fixtures', 'lookup-order.activity.ts'),
    };
    const typo = await adminCli(
      env,
      'publish',
      file('typo.json', withActivity('lookup-ordr')),
      '--tenant',
      'acme',
    );
    expect(typo.code).toBe(1);
    expect(typo.err).toMatch(/UNKNOWN_ACTIVITY.*lookup-ordr/);
    expect(typo.err).toContain('nothing was published');
    expect((await admin.sql.query(`SELECT 1 FROM flows WHERE key = 'orders'`)).rowCount).toBe(0);

    const known = file('known.json', withActivity('lookup-order'));
    // Without the module registered the same flow is refused; with it, it goes live.
    expect((await adminCli(admin.env, 'publish', known, '--tenant', 'acme')).code).toBe(1);
    const published = await adminCli(env, 'publish', known, '--tenant', 'acme');
    expect(published).toMatchObject({ code: 0 });
    expect((await admin.sql.query(`SELECT 1 FROM flows WHERE key = 'orders'`)).rowCount).toBe(1);
  });

  it('publishes a flow that has only warnings and shows them on stderr', async () => {
    const warned = {
      ...flow('later'),
      nodes: [
        flow('later').nodes[0],
        { id: 'wait', type: 'wait', data: { duration: '2d' } },
        { id: 'm', type: 'message', data: { text: 'hey' } },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'wait' },
        { id: 'e2', source: 'wait', sourceHandle: 'elapsed', target: 'm' },
      ],
    };
    const result = await adminCli(
      admin.env,
      'publish',
      file('later.json', warned),
      '--tenant',
      'acme',
      '--json',
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({ flow: 'later', version: 1, created: true });
    expect(result.err).toContain('W24H');
  });

  it('publishes the example flows', async () => {
    const path = join(__dirname, '..', '..', '..', 'flows', 'lead-capture.flow.json');
    const result = await adminCli(admin.env, 'publish', path, '--tenant', 'acme', '--json');
    expect(JSON.parse(result.out)).toEqual({ flow: 'lead-capture', version: 1, created: true });
  });

  it('exits 1 for an unknown tenant and 2 for bad arguments or an unreadable file', async () => {
    const path = file('ok.json', flow('ok'));
    expect(await adminCli(admin.env, 'publish', path, '--tenant', 'ghost')).toMatchObject({
      code: 1,
      err: 'leadline: tenant "ghost" does not exist',
    });
    expect((await adminCli(admin.env, 'publish', path)).code).toBe(2);
    expect((await adminCli(admin.env, 'publish', '--tenant', 'acme')).code).toBe(2);
    expect((await adminCli(admin.env, 'publish', path, path, '--tenant', 'acme')).code).toBe(2);
    const missing = await adminCli(admin.env, 'publish', join(dir, 'missing.json'), '--tenant', 'acme');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no such file');
    expect((await admin.sql.query(`SELECT 1 FROM flows WHERE key = 'ok'`)).rowCount).toBe(0);
  });
});
