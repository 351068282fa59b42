import { Client } from 'pg';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { createSecretBoxFromBase64Keys, secretKeyId } from '@leadline/secrets';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { resealSealedColumns } from '../src/commands/reseal-sealed-columns';
import { SEALED_COLUMNS, UNSEALED_BYTEA_COLUMNS } from '../src/commands/sealed-columns';
import { FakeMetaGraph } from '../../fake-whatsapp';
import { adminCli, connectAsSuperuser, randomKey, type Env } from './admin-support';

const TOKEN = 'EAAGoldKeyAccessTokenSecret9876543210';
const AI_KEY = 'sk-old-key-ai-secret-0123456789';
const API_TOKEN = 'api-token-http-step-secret-42';
const WEBHOOK_SECRET = 'whsec_signing-secret-abcdef';

interface SealedRow {
  table: string;
  id: string;
  value: Buffer;
}

describe('leadline keys reseal (key rotation of every sealed column)', () => {
  let db: TestDatabase;
  let sql: Client;
  const oldKey = randomKey();
  const newKey = randomKey();
  const strangerKey = randomKey();
  const oldId = secretKeyId(Buffer.from(oldKey, 'base64'));
  const newId = secretKeyId(Buffer.from(newKey, 'base64'));
  const strangerId = secretKeyId(Buffer.from(strangerKey, 'base64'));
  const oldBox = createSecretBoxFromBase64Keys({ current: oldKey });
  const onlyNew = createSecretBoxFromBase64Keys({ current: newKey });
  let after: Env;
  const ids: Record<string, string> = {};

  const tenantId = async (slug: string) =>
    (await sql.query<{ id: string }>('SELECT id FROM tenants WHERE slug = $1', [slug])).rows[0]!.id;

  // `channel add` proves ownership with Meta first: this fake owns the number added below.
  const fakeGraph = new FakeMetaGraph({
    phoneNumbers: [
      { id: '300000000000001', displayPhoneNumber: '15550001111', wabaId: '1', tokens: [TOKEN] },
    ],
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = await connectAsSuperuser(db);
    await fakeGraph.start();
    const graph = { META_GRAPH_URL: fakeGraph.url };
    const before = { DATABASE_URL: db.url, ENCRYPTION_KEY: oldKey, ...graph };
    after = { DATABASE_URL: db.url, ENCRYPTION_KEY: newKey, ENCRYPTION_KEYS_PREVIOUS: oldKey, ...graph };
    for (const slug of ['acme', 'globex']) {
      expect((await adminCli(before, 'tenant', 'create', slug)).code).toBe(0);
    }
    const added = await adminCli(
      before,
      'channel',
      'add',
      '--tenant',
      'acme',
      '--provider',
      'meta',
      '--phone-number-id',
      '300000000000001',
      '--waba-id',
      '1',
      '--access-token',
      TOKEN,
      '--display-phone',
      '+15550001111',
    );
    expect(added.code).toBe(0);
    ids.channel = (
      await sql.query<{ id: string }>('SELECT id FROM channels WHERE phone_number_id = $1', [
        '300000000000001',
      ])
    ).rows[0]!.id;

    const acme = await tenantId('acme');
    const globex = await tenantId('globex');
    const secret = async (tenant: string, name: string, value: Buffer) =>
      (
        await sql.query<{ id: string }>(
          'INSERT INTO tenant_secrets (tenant_id, name, sealed) VALUES ($1, $2, $3) RETURNING id',
          [tenant, name, value],
        )
      ).rows[0]!.id;
    ids.aiKey = await secret(acme, 'openai_api_key', oldBox.seal({ value: AI_KEY }));
    ids.apiToken = await secret(globex, 'API_TOKEN', oldBox.seal({ value: API_TOKEN }));
    ids.stranger = await secret(
      globex,
      'STRANGER',
      createSecretBoxFromBase64Keys({ current: strangerKey }).seal({ value: 'from another deployment' }),
    );
    ids.webhook = (
      await sql.query<{ id: string }>(
        `INSERT INTO webhook_subscriptions (tenant_id, url, events, sealed_secret)
         VALUES ($1, 'https://hooks.example.com/leadline', '{lead.captured}', $2) RETURNING id`,
        [globex, oldBox.seal({ secret: WEBHOOK_SECRET })],
      )
    ).rows[0]!.id;
  });

  afterAll(async () => {
    await sql.end();
    await db.drop();
    await fakeGraph.stop();
  });

  /** Every sealed value of every table in SEALED_COLUMNS, read as the superuser. */
  const sealedRows = async (): Promise<SealedRow[]> => {
    const rows: SealedRow[] = [];
    for (const { table, column } of SEALED_COLUMNS) {
      const result = await sql.query<{ id: string; value: Buffer }>(
        `SELECT id, "${column}" AS value FROM "${table}" WHERE "${column}" IS NOT NULL ORDER BY id`,
      );
      rows.push(...result.rows.map((row) => ({ table, ...row })));
    }
    return rows;
  };

  const auditRows = async () =>
    (
      await sql.query<{ action: string; target_type: string; target_id: string; data: object }>(
        `SELECT action, target_type, target_id, data FROM audit_logs WHERE action LIKE '%resealed' ORDER BY target_id`,
      )
    ).rows;

  it('lists every bytea column of the schema as sealed or as not a secret', async () => {
    const { rows } = await sql.query<{ name: string }>(
      `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type = 'bytea' ORDER BY 1`,
    );
    const known = [
      ...SEALED_COLUMNS.map(({ table, column }) => `${table}.${column}`),
      ...Object.keys(UNSEALED_BYTEA_COLUMNS),
    ].sort();
    expect(rows.map((row) => row.name)).toEqual(known);
  });

  it('reseals every table onto the new key, reports the row it cannot open, and exits 1', async () => {
    const stranger = (await sealedRows()).find((row) => row.id === ids.stranger)!;
    const result = await adminCli(after, 'keys', 'reseal', '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out);
    expect(report.keyId).toBe(newId);
    expect(report.current).toEqual({
      channels: 0,
      message_media: 0,
      tenant_secrets: 0,
      webhook_subscriptions: 0,
    });
    expect(report.failed).toEqual([
      {
        table: 'tenant_secrets',
        column: 'sealed',
        id: ids.stranger,
        tenant: 'globex',
        label: 'secret STRANGER',
        error: expect.stringContaining(`"${strangerId}"`),
      },
    ]);
    const resealed = report.resealed.map((r: { table: string; id: string; tenant: string }) => [
      r.table,
      r.id,
      r.tenant,
    ]);
    expect(resealed.sort()).toEqual(
      [
        ['channels', ids.channel, 'acme'],
        ['tenant_secrets', ids.aiKey, 'acme'],
        ['tenant_secrets', ids.apiToken, 'globex'],
        ['webhook_subscriptions', ids.webhook, 'globex'],
      ].sort(),
    );
    expect(report.resealed.every((r: { fromKeyId: string }) => r.fromKeyId === oldId)).toBe(true);

    // Readable with the new key alone, to the same plaintext; the unreadable row is left as it was.
    const rows = await sealedRows();
    const opened = Object.fromEntries(
      rows.filter((row) => row.id !== ids.stranger).map((row) => [row.id, onlyNew.open(row.value)]),
    );
    expect(opened).toEqual({
      [ids.channel]: { accessToken: TOKEN },
      [ids.aiKey]: { value: AI_KEY },
      [ids.apiToken]: { value: API_TOKEN },
      [ids.webhook]: { secret: WEBHOOK_SECRET },
    });
    expect(rows.find((row) => row.id === ids.stranger)).toEqual(stranger);

    // One audit row per resealed row, in its tenant, naming keys and never a secret.
    const audit = await auditRows();
    expect(audit.map((row) => [row.action, row.target_type, row.target_id]).sort()).toEqual(
      [
        ['channel.credentials_resealed', 'channel', ids.channel],
        ['tenant_secret.resealed', 'tenant_secret', ids.aiKey],
        ['tenant_secret.resealed', 'tenant_secret', ids.apiToken],
        ['webhook_subscription.secret_resealed', 'webhook_subscription', ids.webhook],
      ].sort(),
    );
    for (const row of audit) expect(row.data).toMatchObject({ via: 'cli', fromKeyId: oldId, toKeyId: newId });
    const auditText = JSON.stringify(audit);
    for (const secret of [TOKEN, AI_KEY, API_TOKEN, WEBHOOK_SECRET]) expect(auditText).not.toContain(secret);
    const { rows: tenants } = await sql.query<{ slug: string; n: number }>(
      `SELECT t.slug, count(*)::int AS n FROM audit_logs a JOIN tenants t ON t.id = a.tenant_id
        WHERE a.action LIKE '%resealed' GROUP BY t.slug ORDER BY t.slug`,
    );
    expect(tenants).toEqual([
      { slug: 'acme', n: 2 },
      { slug: 'globex', n: 2 },
    ]);
  });

  it('does nothing the second time, still naming the unreadable row, and exits 0 once it is gone', async () => {
    const rows = await sealedRows();
    const again = await adminCli(after, 'keys', 'reseal');
    expect(again.code).toBe(1);
    expect(again.out).toBe(`0 resealed, 4 already on key ${newId}, 1 failed.`);
    expect(again.err).toBe(
      `leadline: cannot reseal secret STRANGER ${ids.stranger} of tenant "globex" (tenant_secrets.sealed): ` +
        JSON.parse((await adminCli(after, 'keys', 'reseal', '--json')).out).failed[0].error,
    );
    expect(again.err).not.toContain('from another deployment');

    await sql.query('DELETE FROM tenant_secrets WHERE id = $1', [ids.stranger]);
    const clean = await adminCli(after, 'keys', 'reseal', '--json');
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.out)).toEqual({
      keyId: newId,
      resealed: [],
      current: { channels: 1, message_media: 0, tenant_secrets: 2, webhook_subscriptions: 1 },
      failed: [],
    });
    expect(await sealedRows()).toEqual(rows.filter((row) => row.id !== ids.stranger));
    expect(await auditRows()).toHaveLength(4);
  });

  it('keeps `channel reseal` as the channels-only report', async () => {
    const result = await adminCli(after, 'channel', 'reseal', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({ keyId: newId, resealed: [], current: 1, failed: [] });
  });

  it('exits 2 with its usage for an unknown action or argument', async () => {
    for (const args of [['rotate'], ['reseal', 'now'], ['reseal', '--force']]) {
      const result = await adminCli(after, 'keys', ...args);
      expect(result.code).toBe(2);
      expect(result.err).toContain('keys reseal [--json]');
    }
  });

  it('leaves a secret replaced between its read and its reseal alone, and reports it', async () => {
    const replaced = createSecretBoxFromBase64Keys({ current: newKey }).seal({ value: 'set meanwhile' });
    const [{ id }] = (
      await sql.query<{ id: string }>(
        `INSERT INTO tenant_secrets (tenant_id, name, sealed) VALUES ($1, 'RACED', $2) RETURNING id`,
        [await tenantId('acme'), oldBox.seal({ value: 'before the race' })],
      )
    ).rows;
    // Someone stores a new value right after the reseal has read the row (another connection).
    const base = createPrismaClient({ url: db.url, maxConnections: 2 });
    const racing = base.$extends({
      query: {
        async $queryRawUnsafe({ args, query }) {
          const result = await query(args);
          if (String(args[0]).includes('AS value') && args[1] === id) {
            await sql.query('UPDATE tenant_secrets SET sealed = $1 WHERE id = $2', [replaced, id]);
          }
          return result;
        },
      },
    }) as unknown as PrismaClient;
    try {
      const box = createSecretBoxFromBase64Keys({ current: newKey, previous: [oldKey] });
      const secrets = SEALED_COLUMNS.filter((sealed) => sealed.table === 'tenant_secrets');
      const report = await resealSealedColumns(racing, box, secrets);
      expect(report.resealed).toEqual([]);
      expect(report.failed).toEqual([
        expect.objectContaining({ id, error: 'the secret changed while resealing; run reseal again' }),
      ]);
    } finally {
      await base.$disconnect();
    }
    const { rows } = await sql.query<{ sealed: Buffer }>('SELECT sealed FROM tenant_secrets WHERE id = $1', [
      id,
    ]);
    expect(rows[0]!.sealed).toEqual(replaced);
    expect(await sql.query(`SELECT 1 FROM audit_logs WHERE target_id = $1`, [id])).toMatchObject({
      rowCount: 0,
    });
  });
});
