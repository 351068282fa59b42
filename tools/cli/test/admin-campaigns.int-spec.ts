import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminCli, useAdminDatabase } from './admin-support';

describe('leadline contacts import and campaign', () => {
  const admin = useAdminDatabase({ tenants: ['acme'] });
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'leadline-cli-campaigns-'));
    const { rows } = await admin.sql.query(`SELECT id FROM tenants WHERE slug = 'acme'`);
    const tenantId = rows[0].id;
    const channel = await admin.sql.query(
      `INSERT INTO channels (tenant_id, provider, phone_number_id, display_phone, status)
       VALUES ($1, 'sandbox', 'cli-campaigns', '+15550100000', 'active') RETURNING id`,
      [tenantId],
    );
    await admin.sql.query(
      `INSERT INTO templates (tenant_id, channel_id, name, language, category, status, components)
       VALUES ($1, $2, 'spring_offer', 'en', 'marketing', 'approved', $3)`,
      [tenantId, channel.rows[0].id, JSON.stringify([{ type: 'BODY', text: 'Hi {{1}}, 20% off.' }])],
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a CSV and prints the JSON report the issue describes', async () => {
    const file = join(dir, 'contacts.csv');
    writeFileSync(file, 'phone,name\n912345001,Rita\n912345002,Bruno\nnot a phone,Nobody\n');
    const result = await adminCli(
      admin.env,
      'contacts',
      'import',
      file,
      '--tenant',
      'acme',
      '--tag',
      'spring',
      '--country',
      'PT',
      '--opt-in',
      'stand',
      '--json',
    );
    expect(result.err).toBe('');
    expect(JSON.parse(result.out)).toEqual({
      imported: 2,
      updated: 0,
      rejected: [{ line: 4, reason: expect.stringContaining('is not a valid phone number') }],
    });
    const { rows } = await admin.sql.query(`SELECT phone, opt_in_state FROM contacts ORDER BY phone`);
    expect(rows).toEqual([
      { phone: '+351912345001', opt_in_state: 'opted_in' },
      { phone: '+351912345002', opt_in_state: 'opted_in' },
    ]);
  });

  it('refuses bad arguments with exit 2 and a missing file with a message', async () => {
    expect((await adminCli(admin.env, 'contacts', 'import', '--tenant', 'acme')).code).toBe(2);
    const missing = await adminCli(
      admin.env,
      'contacts',
      'import',
      join(dir, 'nope.csv'),
      '--tenant',
      'acme',
    );
    expect(missing).toMatchObject({ code: 2, err: expect.stringContaining('no such file') });
    const country = await adminCli(
      admin.env,
      'contacts',
      'import',
      join(dir, 'contacts.csv'),
      '--tenant',
      'acme',
      '--country',
      'Portugal',
    );
    expect(country).toMatchObject({ code: 2, err: expect.stringContaining('--country') });
  });

  it('creates, starts, pauses, resumes, cancels and shows a campaign', async () => {
    const created = await adminCli(
      admin.env,
      'campaign',
      'create',
      '--tenant',
      'acme',
      '--name',
      'Spring',
      '--template',
      'spring_offer',
      '--language',
      'en',
      '--tag',
      'spring',
      '--param',
      '1=contact.name',
      '--json',
    );
    expect(created.err).toBe('');
    const { id } = JSON.parse(created.out) as { id: string };
    expect((await adminCli(admin.env, 'campaign', 'start', id, '--tenant', 'acme')).out).toContain('running');
    const shown = await adminCli(admin.env, 'campaign', 'show', id, '--tenant', 'acme', '--json');
    expect(JSON.parse(shown.out)).toMatchObject({
      status: 'running',
      recipients: 2,
      sent: 0,
      delivered: 0,
      read: 0,
      failed: 0,
      replied: 0,
      skipped: { optedOut: 0, tierLimit: 0, invalid: 0 },
    });
    expect((await adminCli(admin.env, 'campaign', 'pause', id, '--tenant', 'acme')).out).toContain('paused');
    expect((await adminCli(admin.env, 'campaign', 'resume', id, '--tenant', 'acme')).out).toContain(
      'running',
    );
    expect((await adminCli(admin.env, 'campaign', 'cancel', id, '--tenant', 'acme')).out).toContain(
      'cancelled',
    );
    const again = await adminCli(admin.env, 'campaign', 'start', id, '--tenant', 'acme');
    expect(again).toMatchObject({
      code: 1,
      err: expect.stringContaining('cancelled campaign cannot be started'),
    });
  });

  it('says what is wrong with a campaign it cannot create', async () => {
    const base = ['campaign', 'create', '--tenant', 'acme', '--name', 'X', '--language', 'en'];
    const unknown = await adminCli(admin.env, ...base, '--template', 'nope', '--tag', 'spring');
    expect(unknown).toMatchObject({ code: 1, err: expect.stringContaining('not known') });
    const params = await adminCli(admin.env, ...base, '--template', 'spring_offer', '--tag', 'spring');
    expect(params).toMatchObject({ code: 1, err: expect.stringContaining('has 1 body parameters; 0 given') });
    const both = await adminCli(
      admin.env,
      ...base,
      '--template',
      'spring_offer',
      '--tag',
      'a',
      '--segment',
      'b',
    );
    expect(both).toMatchObject({ code: 2, err: expect.stringContaining('not both') });
    const gap = await adminCli(
      admin.env,
      ...base,
      '--template',
      'spring_offer',
      '--tag',
      'a',
      '--param',
      '2=x',
    );
    expect(gap).toMatchObject({ code: 2, err: expect.stringContaining('parameter 1 is missing') });
    const past = await adminCli(
      admin.env,
      ...base,
      '--template',
      'spring_offer',
      '--tag',
      'a',
      '--param',
      '1=contact.name',
      '--at',
      '2020-01-01T09:00',
    );
    expect(past).toMatchObject({ code: 1, err: expect.stringContaining('in the past') });
    const show = await adminCli(
      admin.env,
      'campaign',
      'show',
      '00000000-0000-4000-8000-000000000000',
      '--tenant',
      'acme',
    );
    expect(show).toMatchObject({ code: 1, err: expect.stringContaining('no campaign') });
  });
});
