import { randomBytes } from 'node:crypto';
import { withDatabaseName } from '@leadline/database';
import { API_KEY_PATTERN, apiKeyPrefix, hashApiKey } from '@leadline/secrets';
import { adminCli, tablesContaining, useAdminDatabase } from './admin-support';

describe('leadline tenant create', () => {
  const admin = useAdminDatabase();

  const count = async (table: string) =>
    (await admin.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

  it('creates the tenant and prints exactly { tenant, apiKey } with --json', async () => {
    const result = await adminCli(
      admin.env,
      'tenant',
      'create',
      'acme-solar',
      '--name',
      'Acme Solar',
      '--json',
    );
    expect(result).toMatchObject({ code: 0, err: '' });
    const printed = JSON.parse(result.out);
    expect(Object.keys(printed)).toEqual(['tenant', 'apiKey']);
    expect(printed.tenant).toBe('acme-solar');
    expect(printed.apiKey).toMatch(API_KEY_PATTERN);

    const { rows: tenants } = await admin.sql.query('SELECT id, slug, name FROM tenants WHERE slug = $1', [
      'acme-solar',
    ]);
    expect(tenants).toEqual([expect.objectContaining({ slug: 'acme-solar', name: 'Acme Solar' })]);
    const { rows: keys } = await admin.sql.query(
      'SELECT id, prefix, key_hash, scopes, revoked_at FROM api_keys WHERE tenant_id = $1',
      [tenants[0].id],
    );
    expect(keys).toEqual([
      expect.objectContaining({
        prefix: apiKeyPrefix(printed.apiKey),
        key_hash: hashApiKey(printed.apiKey),
        scopes: ['leads:write', 'runs:read', 'runs:write'],
        revoked_at: null,
      }),
    ]);

    // The key itself, or its secret part alone, is nowhere in the database (the scan does find its hash).
    expect(await tablesContaining(admin.sql, hashApiKey(printed.apiKey))).toEqual(['api_keys']);
    expect(await tablesContaining(admin.sql, printed.apiKey)).toEqual([]);
    expect(await tablesContaining(admin.sql, printed.apiKey.slice(12))).toEqual([]);

    const { rows: audit } = await admin.sql.query(
      `SELECT action, target_type, target_id, data FROM audit_logs WHERE tenant_id = $1`,
      [tenants[0].id],
    );
    expect(audit).toEqual([
      {
        action: 'tenant.created',
        target_type: 'tenant',
        target_id: tenants[0].id,
        data: expect.objectContaining({
          slug: 'acme-solar',
          apiKey: { id: keys[0].id, prefix: keys[0].prefix, scopes: keys[0].scopes },
        }),
      },
    ]);
  });

  it('prints the key once in human output, and defaults the name to the slug', async () => {
    const result = await adminCli(admin.env, 'tenant', 'create', 'bolt');
    expect(result.code).toBe(0);
    const keys = result.out.match(/ll_[0-9a-f]{8}_[A-Za-z0-9_-]{43}/g) ?? [];
    expect(keys).toHaveLength(1);
    expect(result.out).toContain('shown only this once');
    const { rows } = await admin.sql.query(
      'SELECT t.name, k.key_hash FROM tenants t JOIN api_keys k ON k.tenant_id = t.id WHERE t.slug = $1',
      ['bolt'],
    );
    expect(rows).toEqual([{ name: 'bolt', key_hash: hashApiKey(keys[0] as string) }]);
  });

  it('refuses an existing slug with exit 1 and changes nothing', async () => {
    await adminCli(admin.env, 'tenant', 'create', 'taken');
    const before = { tenants: await count('tenants'), keys: await count('api_keys') };
    const result = await adminCli(admin.env, 'tenant', 'create', 'taken', '--json');
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toBe('leadline: tenant "taken" already exists; choose another slug');
    expect({ tenants: await count('tenants'), keys: await count('api_keys') }).toEqual(before);
  });

  it.each(['A', 'Acme', 'acme_solar', 'acme solar', 'x'.repeat(64), 'é-co'])(
    'refuses the slug %j with exit 2',
    async (slug) => {
      const before = await count('tenants');
      const result = await adminCli(admin.env, 'tenant', 'create', slug);
      expect(result.code).toBe(2);
      expect(result.err).toContain(`invalid tenant slug ${JSON.stringify(slug)}`);
      expect(await count('tenants')).toBe(before);
    },
  );

  it('accepts slugs at the limits of the rule', async () => {
    expect((await adminCli(admin.env, 'tenant', 'create', '0a')).code).toBe(0);
    expect((await adminCli(admin.env, 'tenant', 'create', `a${'-'.repeat(61)}z`)).code).toBe(0);
  });

  it('exits 2 for missing or extra arguments and unknown options, before touching the database', async () => {
    const offline = { ...admin.env, DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere' };
    for (const args of [
      ['tenant'],
      ['tenant', 'create'],
      ['tenant', 'delete', 'acme'],
      ['tenant', 'create', 'a1', 'b2'],
      ['tenant', 'create', 'a1', '--bogus'],
      ['tenant', 'create', '-bad'],
      ['tenant', 'create', 'a1', '--name', '   '],
    ]) {
      const result = await adminCli(offline, ...args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.err).toMatch(/^leadline: /);
    }
  });

  it('exits 2 with the configuration problem, without echoing the secret', async () => {
    const result = await adminCli(
      { ...admin.env, ENCRYPTION_KEY: 'not-a-real-key-value' },
      'tenant',
      'create',
      'cfg',
    );
    expect(result.code).toBe(2);
    expect(result.err).toContain('ENCRYPTION_KEY: must be base64 of exactly 32 bytes');
    expect(result.err).not.toContain('not-a-real-key-value');
  });

  it('exits 1 and points to npm run db:migrate when the database is missing or not migrated', async () => {
    const missing = withDatabaseName(admin.db.url, `leadline_test_missing_${randomBytes(4).toString('hex')}`);
    const absent = await adminCli({ ...admin.env, DATABASE_URL: missing }, 'tenant', 'create', 'nodb');
    expect(absent.code).toBe(1);
    expect(absent.err).toMatch(/does not exist; create and migrate it with: npm run db:migrate$/);

    const emptyName = `leadline_test_empty_${randomBytes(4).toString('hex')}`;
    await admin.sql.query(`CREATE DATABASE "${emptyName}"`);
    try {
      const empty = withDatabaseName(admin.db.url, emptyName);
      const result = await adminCli({ ...admin.env, DATABASE_URL: empty }, 'tenant', 'create', 'nodb');
      expect(result.code).toBe(1);
      expect(result.err).toMatch(/is not migrated .*; run: npm run db:migrate$/);
    } finally {
      await admin.sql.query(`DROP DATABASE IF EXISTS "${emptyName}" WITH (FORCE)`);
    }
  });

  it('exits 1 naming the server when PostgreSQL cannot be reached', async () => {
    const result = await adminCli(
      { ...admin.env, DATABASE_URL: 'postgresql://postgres:hunter2@127.0.0.1:1/leadline' },
      'tenant',
      'create',
      'offline',
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain('cannot reach PostgreSQL at 127.0.0.1:1');
    expect(result.err).not.toContain('hunter2');
  });
});

describe('leadline tenant settings', () => {
  const admin = useAdminDatabase({ tenants: ['shop'] });
  const settings = async () =>
    (await admin.sql.query(`SELECT settings FROM tenants WHERE slug = 'shop'`)).rows[0].settings;

  it('sets, shows and unsets the keys activities read, auditing the key only', async () => {
    const set = (key: string, value: string) =>
      adminCli(admin.env, 'tenant', 'settings', 'set', '--tenant', 'shop', '--key', key, '--value', value);
    expect(await set('crm.baseUrl', 'https://crm.example.com')).toMatchObject({ code: 0, err: '' });
    expect((await set('leadScoring.hotFrom', '80')).code).toBe(0);
    expect((await set('crm.region', '"eu"')).code).toBe(0);
    expect(await settings()).toMatchObject({
      crm: { baseUrl: 'https://crm.example.com', region: 'eu' },
      leadScoring: { hotFrom: 80 },
    });
    const shown = await adminCli(admin.env, 'tenant', 'settings', 'show', '--tenant', 'shop');
    expect(JSON.parse(shown.out)).toEqual(await settings());

    expect(
      (await adminCli(admin.env, 'tenant', 'settings', 'unset', '--tenant', 'shop', '--key', 'crm.region'))
        .code,
    ).toBe(0);
    expect((await settings()).crm).toEqual({ baseUrl: 'https://crm.example.com' });
    const { rows } = await admin.sql.query(
      `SELECT data FROM audit_logs WHERE action = 'tenant.settings_changed' ORDER BY at`,
    );
    expect(rows.map((row) => row.data)).toEqual([
      { via: 'cli', key: 'crm.baseUrl', change: 'set' },
      { via: 'cli', key: 'leadScoring.hotFrom', change: 'set' },
      { via: 'cli', key: 'crm.region', change: 'set' },
      { via: 'cli', key: 'crm.region', change: 'unset' },
    ]);
  });

  it('refuses a key that could reach a prototype, and an unknown tenant', async () => {
    const before = await settings();
    const bad = await adminCli(
      admin.env,
      ...['tenant', 'settings', 'set', '--tenant', 'shop', '--key', '__proto__.polluted', '--value', '1'],
    );
    expect(bad.code).toBe(2);
    expect(await settings()).toEqual(before);
    const unknown = await adminCli(admin.env, 'tenant', 'settings', 'show', '--tenant', 'nobody');
    expect(unknown.code).toBe(1);
  });
});
