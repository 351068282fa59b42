import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { adminCli, tablesContaining, useAdminDatabase } from './admin-support';

const META_TOKEN = 'EAAGm0PX4ZCpsBAMetaAccessTokenSecret0123456789';
const META_APP_SECRET = 'b7f3c0ffee-meta-app-secret';
const TWILIO_TOKEN = 'f00dfacetwilioauthtokensecret42';

describe('leadline channel add', () => {
  // No Graph API here: the sync after `channel add` must fail fast and never send a token out.
  // Template sync itself is tested in admin-templates.int-spec.ts against the fake Graph.
  const admin = useAdminDatabase({
    extraEnv: { META_GRAPH_URL: 'http://127.0.0.1:9' },
    tenants: ['acme', 'other'],
  });

  const channelRow = async (id: string) =>
    (
      await admin.sql.query(
        `SELECT c.*, t.slug AS tenant FROM channels c JOIN tenants t ON t.id = c.tenant_id WHERE c.id = $1`,
        [id],
      )
    ).rows[0];
  const channelCount = async () =>
    (await admin.sql.query('SELECT count(*)::int AS n FROM channels')).rows[0].n;
  const secretBox = () => createSecretBoxFromBase64Keys({ current: admin.env.ENCRYPTION_KEY as string });

  it('adds a meta channel with sealed credentials and prints { channel } with --json', async () => {
    const result = await adminCli(
      admin.env,
      'channel',
      'add',
      '--tenant',
      'acme',
      '--provider',
      'meta',
      '--phone-number-id',
      '106540352242922',
      '--waba-id',
      '102290129340398',
      '--access-token',
      META_TOKEN,
      '--app-secret',
      META_APP_SECRET,
      '--display-phone',
      '+15550001111',
      '--json',
    );
    expect(result.code).toBe(0);
    // The channel is stored even though its templates could not be synced.
    expect(result.err).toBe(
      'leadline: warning: template sync of meta channel 106540352242922 failed: Graph API request failed: ' +
        'network error; the channel is added all the same, sync its templates later with: ' +
        'npm run -s leadline -- templates sync --tenant acme',
    );
    const printed = JSON.parse(result.out);
    expect(printed).toEqual({
      channel: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        provider: 'meta',
        phoneNumberId: '106540352242922',
        status: 'active',
      },
    });

    const row = await channelRow(printed.channel.id);
    expect(row).toMatchObject({
      tenant: 'acme',
      provider: 'meta',
      waba_id: '102290129340398',
      display_phone: '+15550001111',
      status: 'active',
    });
    const sealed: Buffer = row.encrypted_credentials;
    expect(secretBox().open(sealed)).toEqual({ accessToken: META_TOKEN, appSecret: META_APP_SECRET });
    expect(sealed.includes(Buffer.from('accessToken'))).toBe(false);
    for (const secret of [META_TOKEN, META_APP_SECRET]) {
      expect(sealed.includes(Buffer.from(secret))).toBe(false);
      expect(await tablesContaining(admin.sql, secret)).toEqual([]);
    }
    // The scan does see what is stored in clear.
    expect(await tablesContaining(admin.sql, '102290129340398')).toEqual(
      expect.arrayContaining(['channels', 'audit_logs']),
    );

    const { rows: audit } = await admin.sql.query(
      `SELECT action, target_type, data FROM audit_logs WHERE target_id = $1`,
      [printed.channel.id],
    );
    expect(audit).toEqual([
      {
        action: 'channel.added',
        target_type: 'channel',
        data: expect.objectContaining({
          provider: 'meta',
          phoneNumberId: '106540352242922',
          credentialFields: ['accessToken', 'appSecret'],
          keyId: secretBox().primaryKeyId,
        }),
      },
    ]);
  });

  it('adds a twilio channel: sealed SID, token and sender; display phone from the sender', async () => {
    const result = await adminCli(
      admin.env,
      'channel',
      'add',
      '--tenant',
      'acme',
      '--provider',
      'twilio',
      '--phone-number-id',
      'PN0123456789abcdef',
      '--account-sid',
      'AC0123456789abcdef0123456789abcdef',
      '--auth-token',
      TWILIO_TOKEN,
      '--from',
      '+15550002222',
    );
    expect(result.code).toBe(0);
    expect(result.out).toContain('Added twilio channel PN0123456789abcdef (+15550002222) to tenant "acme"');
    expect(result.out).toContain('account SID, auth token, sender');
    expect(`${result.out}${result.err}`).not.toContain(TWILIO_TOKEN);
    const id = /id ([0-9a-f-]{36})/.exec(result.out)?.[1] as string;
    const row = await channelRow(id);
    expect(row).toMatchObject({ provider: 'twilio', display_phone: '+15550002222', waba_id: null });
    expect(secretBox().open(row.encrypted_credentials)).toEqual({
      accountSid: 'AC0123456789abcdef0123456789abcdef',
      authToken: TWILIO_TOKEN,
      from: 'whatsapp:+15550002222',
    });
    expect(row.encrypted_credentials.includes(Buffer.from(TWILIO_TOKEN))).toBe(false);
    expect(await tablesContaining(admin.sql, TWILIO_TOKEN)).toEqual([]);
  });

  it('adds a sandbox channel without credentials', async () => {
    const result = await adminCli(
      admin.env,
      'channel',
      'add',
      '--tenant',
      'other',
      '--provider',
      'sandbox',
      '--phone-number-id',
      'sandbox-1',
      '--display-phone',
      '+15550100000',
      '--json',
    );
    expect(result.code).toBe(0);
    const row = await channelRow(JSON.parse(result.out).channel.id);
    expect(row).toMatchObject({ tenant: 'other', provider: 'sandbox', encrypted_credentials: null });
  });

  it('warns on stderr when a meta channel has no WABA id, and when the development key seals', async () => {
    const { ENCRYPTION_KEY: _unset, ...withoutKey } = admin.env;
    const result = await adminCli(
      withoutKey,
      'channel',
      'add',
      '--tenant',
      'acme',
      '--provider',
      'meta',
      '--phone-number-id',
      '200000000000001',
      '--access-token',
      META_TOKEN,
      '--display-phone',
      '+15550003333',
    );
    expect(result.code).toBe(0);
    expect(result.err).toContain('warning: no --waba-id');
    expect(result.err).toContain('DEVELOPMENT key');
    expect(result.err).not.toContain(META_TOKEN);
  });

  it.each([
    [
      ['--provider', 'meta', '--phone-number-id', '1', '--display-phone', '+15550001111'],
      'need --access-token',
    ],
    [['--provider', 'meta', '--phone-number-id', '1', '--access-token', 't'], 'need --display-phone'],
    [
      [
        '--provider',
        'twilio',
        '--phone-number-id',
        '1',
        '--account-sid',
        'AC1',
        '--from',
        'whatsapp:+15550001111',
      ],
      'need --auth-token',
    ],
    [
      [
        '--provider',
        'twilio',
        '--phone-number-id',
        '1',
        '--account-sid',
        'AC1',
        '--auth-token',
        't',
        '--from',
        'me',
      ],
      '--from must be a WhatsApp sender in E.164',
    ],
    [
      ['--provider', 'twilio', '--phone-number-id', '1', '--access-token', 't'],
      '--access-token is not used by twilio channels',
    ],
    [
      [
        '--provider',
        'sandbox',
        '--phone-number-id',
        '1',
        '--display-phone',
        '+15550001111',
        '--auth-token',
        't',
      ],
      '--auth-token is not used by sandbox channels',
    ],
    [
      ['--provider', 'sandbox', '--phone-number-id', '1', '--display-phone', '555'],
      '--display-phone must be in E.164',
    ],
    [['--provider', 'whatsapp', '--phone-number-id', '1'], '--provider must be meta, twilio or sandbox'],
    [['--provider', 'sandbox', '--display-phone', '+15550001111'], '--phone-number-id <id> is required'],
  ])('exits 2 for %j and stores nothing', async (args, message) => {
    const before = await channelCount();
    const result = await adminCli(admin.env, 'channel', 'add', '--tenant', 'acme', ...args);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    expect(await channelCount()).toBe(before);
  });

  it('exits 2 without --tenant, for an unknown action and for an unknown option', async () => {
    const sandbox = ['--provider', 'sandbox', '--phone-number-id', 'x', '--display-phone', '+15550001111'];
    expect((await adminCli(admin.env, 'channel', 'add', ...sandbox)).err).toContain(
      '--tenant <slug> is required',
    );
    expect((await adminCli(admin.env, 'channel', 'remove')).code).toBe(2);
    expect(
      (await adminCli(admin.env, 'channel', 'add', '--tenant', 'acme', ...sandbox, '--colour', 'red')).code,
    ).toBe(2);
  });

  it('exits 1 for a provider + phone number id already taken, even by another tenant', async () => {
    const before = await channelCount();
    const result = await adminCli(
      admin.env,
      'channel',
      'add',
      '--tenant',
      'acme',
      '--provider',
      'sandbox',
      '--phone-number-id',
      'sandbox-1',
      '--display-phone',
      '+15550100000',
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain('a sandbox channel with phone number id "sandbox-1" already exists');
    expect(await channelCount()).toBe(before);
    // The same id under another provider is another number.
    const meta = await adminCli(
      admin.env,
      'channel',
      'add',
      '--tenant',
      'acme',
      '--provider',
      'meta',
      '--phone-number-id',
      'sandbox-1',
      '--waba-id',
      '1',
      '--access-token',
      META_TOKEN,
      '--display-phone',
      '+15550100000',
    );
    expect(meta.code).toBe(0);
  });

  it('exits 1 naming an unknown tenant', async () => {
    const result = await adminCli(
      admin.env,
      'channel',
      'add',
      '--tenant',
      'ghost',
      '--provider',
      'sandbox',
      '--phone-number-id',
      'sandbox-9',
      '--display-phone',
      '+15550100000',
    );
    expect(result).toMatchObject({ code: 1, err: 'leadline: tenant "ghost" does not exist' });
  });
});
