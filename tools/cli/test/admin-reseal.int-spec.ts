import { Client } from 'pg';
import { createSecretBoxFromBase64Keys, secretKeyId } from '@leadline/secrets';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { FakeMetaGraph, FakeTwilio } from '../../fake-whatsapp';
import { adminCli, connectAsSuperuser, randomKey, type Env } from './admin-support';

const TOKEN = 'EAAGoldKeyAccessTokenSecret9876543210';
const TWILIO_SID = `AC${'0'.repeat(31)}1`;

describe('leadline channel reseal (key rotation)', () => {
  let db: TestDatabase;
  let sql: Client;
  const oldKey = randomKey();
  const newKey = randomKey();
  let before: Env;
  let after: Env;
  // `channel add` proves ownership with the provider first: these fakes own the numbers added below.
  const fakeGraph = new FakeMetaGraph({
    phoneNumbers: [
      { id: '300000000000001', displayPhoneNumber: '15550001111', wabaId: '1', tokens: [TOKEN] },
    ],
  });
  const fakeTwilio = new FakeTwilio({
    accounts: [{ sid: TWILIO_SID, authToken: TOKEN }],
    senders: [],
    numbers: [{ accountSid: TWILIO_SID, phoneNumber: '+15550002222' }],
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = await connectAsSuperuser(db);
    await fakeGraph.start();
    await fakeTwilio.start();
    const graph = { META_GRAPH_URL: fakeGraph.url, TWILIO_API_URL: fakeTwilio.url };
    before = { DATABASE_URL: db.url, ENCRYPTION_KEY: oldKey, ...graph };
    after = { DATABASE_URL: db.url, ENCRYPTION_KEY: newKey, ENCRYPTION_KEYS_PREVIOUS: oldKey, ...graph };
    expect((await adminCli(before, 'tenant', 'create', 'acme')).code).toBe(0);
    for (const [provider, id, extra] of [
      ['meta', '300000000000001', ['--waba-id', '1', '--access-token', TOKEN]],
      [
        'twilio',
        '+15550002222',
        ['--account-sid', TWILIO_SID, '--auth-token', TOKEN, '--from', '+15550002222'],
      ],
      ['sandbox', 'sandbox-1', []],
    ] as const) {
      const result = await adminCli(
        before,
        'channel',
        'add',
        '--tenant',
        'acme',
        '--provider',
        provider,
        '--phone-number-id',
        id,
        '--display-phone',
        '+15550001111',
        ...extra,
      );
      expect(result.code).toBe(0);
    }
  });

  afterAll(async () => {
    await sql.end();
    await db.drop();
    await fakeGraph.stop();
    await fakeTwilio.stop();
  });

  const sealedRows = async () =>
    (
      await sql.query<{ id: string; phone_number_id: string; encrypted_credentials: Buffer }>(
        `SELECT id, phone_number_id, encrypted_credentials FROM channels
          WHERE encrypted_credentials IS NOT NULL ORDER BY phone_number_id`,
      )
    ).rows;

  it('refuses to reseal what it cannot open, and leaves it untouched', async () => {
    const untouched = await sealedRows();
    const result = await adminCli({ ...after, ENCRYPTION_KEYS_PREVIOUS: '' }, 'channel', 'reseal', '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out);
    expect(report.resealed).toEqual([]);
    expect(report.failed).toHaveLength(2);
    expect(report.failed[0].error).toContain(`"${secretKeyId(Buffer.from(oldKey, 'base64'))}"`);
    expect(await sealedRows()).toEqual(untouched);
  });

  it('re-encrypts every credential sealed with the previous key, once', async () => {
    const result = await adminCli(after, 'channel', 'reseal');
    expect(result.code).toBe(0);
    const newId = secretKeyId(Buffer.from(newKey, 'base64'));
    const oldId = secretKeyId(Buffer.from(oldKey, 'base64'));
    expect(result.out.split('\n')).toEqual([
      `resealed meta channel 300000000000001 of tenant "acme" (key ${oldId} → ${newId})`,
      `resealed twilio channel +15550002222 of tenant "acme" (key ${oldId} → ${newId})`,
      `2 resealed, 0 already on key ${newId}, 0 failed.`,
    ]);

    // Readable with the new key alone now, and nothing is left for a second run.
    const onlyNew = createSecretBoxFromBase64Keys({ current: newKey });
    const rows = await sealedRows();
    expect(rows.map((row) => onlyNew.open(row.encrypted_credentials))).toEqual([
      { accountSid: TWILIO_SID, authToken: TOKEN, from: 'whatsapp:+15550002222' },
      { accessToken: TOKEN },
    ]);
    expect(rows.every((row) => !onlyNew.needsRotation(row.encrypted_credentials))).toBe(true);
    const again = JSON.parse((await adminCli(after, 'channel', 'reseal', '--json')).out);
    expect(again).toEqual({ keyId: newId, resealed: [], current: 2, failed: [] });

    const { rows: audit } = await sql.query(
      `SELECT target_id, data FROM audit_logs WHERE action = 'channel.credentials_resealed' ORDER BY target_id`,
    );
    expect(audit.map((row) => row.target_id).sort()).toEqual(rows.map((row) => row.id).sort());
    expect(audit[0].data).toMatchObject({ fromKeyId: oldId, toKeyId: newId });
  });

  it('exits 2 naming ENCRYPTION_KEYS_PREVIOUS, not its value, when a previous key is malformed', async () => {
    const result = await adminCli({ ...after, ENCRYPTION_KEYS_PREVIOUS: 'c2hvcnQ=' }, 'channel', 'reseal');
    expect(result.code).toBe(2);
    expect(result.err).toContain(
      'ENCRYPTION_KEYS_PREVIOUS: must be a comma-separated list of base64 keys of 32 bytes',
    );
    expect(result.err).not.toContain('c2hvcnQ=');
  });
});
