import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { FakeMetaGraph, FakeTwilio } from '../../fake-whatsapp';
import { adminCli, tablesContaining, useAdminDatabase } from './admin-support';

const META_TOKEN = 'EAAGm0PX4ZCpsBAMetaAccessTokenSecret0123456789';
const OTHER_META_TOKEN = 'EAAGotherBusinessTokenNotAcmes987654321';
const META_APP_SECRET = 'b7f3c0ffee-meta-app-secret';
const TWILIO_SID = 'AC0123456789abcdef0123456789abcdef';
const TWILIO_TOKEN = 'f00dfacetwilioauthtokensecret42';
const OTHER_TWILIO_SID = 'AC99999999999999999999999999999999';
const OTHER_TWILIO_TOKEN = 'othertwilioauthtoken';

describe('leadline channel add', () => {
  const admin = useAdminDatabase({ tenants: ['acme', 'other'] });
  // The providers that prove ownership: each number answers only to its own token / account.
  const graph = new FakeMetaGraph({
    phoneNumbers: [
      {
        id: '106540352242922',
        displayPhoneNumber: '15550001111',
        wabaId: '102290129340398',
        tokens: [META_TOKEN],
      },
      {
        id: '200000000000001',
        displayPhoneNumber: '15550003333',
        wabaId: '300000000000001',
        tokens: [META_TOKEN],
      },
      { id: 'sandbox-1', displayPhoneNumber: '15550100000', wabaId: '1', tokens: [META_TOKEN] },
      {
        id: '777000000000001',
        displayPhoneNumber: '15550007777',
        wabaId: '777000000000000',
        tokens: [OTHER_META_TOKEN],
        verifiedName: 'Other Shop',
        qualityRating: 'YELLOW',
        messagingLimitTier: 'TIER_10K',
      },
    ],
  });
  const twilio = new FakeTwilio({
    accounts: [
      { sid: TWILIO_SID, authToken: TWILIO_TOKEN },
      { sid: OTHER_TWILIO_SID, authToken: OTHER_TWILIO_TOKEN },
    ],
    senders: [],
    numbers: [
      { accountSid: TWILIO_SID, phoneNumber: '+15550002222' },
      { accountSid: TWILIO_SID, phoneNumber: '+15550002233', messagingServiceSid: `MG${'1'.repeat(32)}` },
      { accountSid: OTHER_TWILIO_SID, phoneNumber: '+15550009999' },
    ],
  });

  beforeAll(async () => {
    await graph.start();
    await twilio.start();
    admin.env.META_GRAPH_URL = graph.url;
    admin.env.TWILIO_API_URL = twilio.url;
  });

  afterAll(async () => {
    await graph.stop();
    await twilio.stop();
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
    expect(result.err).toBe('');
    const printed = JSON.parse(result.out);
    expect(printed).toEqual({
      channel: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        provider: 'meta',
        phoneNumberId: '106540352242922',
        status: 'active',
      },
      templates: { added: 0, updated: 0, removed: 0 },
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

  it('adds a twilio channel: sealed SID, token and sender; phone number id and display phone from the sender', async () => {
    const result = await adminCli(
      admin.env,
      'channel',
      'add',
      '--tenant',
      'acme',
      '--provider',
      'twilio',
      '--account-sid',
      TWILIO_SID,
      '--auth-token',
      TWILIO_TOKEN,
      '--from',
      '+15550002222',
    );
    expect(result.code).toBe(0);
    expect(result.out).toContain('Added twilio channel +15550002222 (+15550002222) to tenant "acme"');
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

  describe('ownership is proven with the provider before anything is stored', () => {
    const addMeta = (tenant: string, phoneNumberId: string, token: string, ...more: string[]) =>
      adminCli(
        admin.env,
        ...['channel', 'add', '--tenant', tenant, '--provider', 'meta', '--phone-number-id', phoneNumberId],
        ...['--access-token', token, ...more],
      );
    const NOT_CONFIRMED = 'Meta did not confirm that this access token controls this phone number id';

    it('reads the display number, verified name and quality from Meta when --display-phone is left out', async () => {
      const result = await addMeta('other', '777000000000001', OTHER_META_TOKEN, '--json');
      expect(result.code).toBe(0);
      const row = await channelRow(JSON.parse(result.out).channel.id);
      expect(row).toMatchObject({
        display_phone: '+15550007777',
        verified_name: 'Other Shop',
        quality_rating: 'YELLOW',
        messaging_tier: 'TIER_10K',
      });
    });

    it('gives one answer for a number held by another workspace and a number that does not exist', async () => {
      const before = await channelCount();
      // acme's token cannot read other's number, which is already attached to "other".
      const taken = await addMeta('acme', '777000000000001', META_TOKEN);
      const missing = await addMeta('acme', '777000000000099', META_TOKEN);
      const wrongToken = await addMeta('acme', '106540352242923', 'EAAGmadeup');
      for (const result of [taken, missing, wrongToken]) {
        expect(result.code).toBe(1);
        expect(result.err).toBe(
          `leadline: channel add: ${NOT_CONFIRMED} (check the phone number id, the WhatsApp Business ` +
            'Account id and the token); nothing was stored',
        );
        expect(result.err).not.toContain('already');
      }
      expect(await channelCount()).toBe(before);
    });

    it('refuses a number that is not in the given WABA', async () => {
      const result = await addMeta('acme', '200000000000001', META_TOKEN, '--waba-id', '102290129340398');
      expect(result.code).toBe(1);
      expect(result.err).toContain(NOT_CONFIRMED);
    });

    it('says "already exists" only to a caller whose token controls the number', async () => {
      const again = await addMeta('acme', '777000000000001', OTHER_META_TOKEN);
      expect(again.code).toBe(1);
      expect(again.err).toContain('a meta channel with phone number id "777000000000001" already exists');
    });

    it('refuses a Twilio sender of another account, and a phone number id that is not the sender', async () => {
      const twilioAdd = (...args: string[]) =>
        adminCli(
          admin.env,
          ...['channel', 'add', '--tenant', 'acme', '--provider', 'twilio', '--account-sid', TWILIO_SID],
          ...['--auth-token', TWILIO_TOKEN, ...args],
        );
      const before = await channelCount();
      const foreign = await twilioAdd('--from', '+15550009999');
      expect(foreign.code).toBe(1);
      expect(foreign.err).toContain('Twilio did not confirm that this sender belongs to this account');
      const mismatch = await twilioAdd('--from', '+15550002222', '--phone-number-id', '+15550009999');
      expect(mismatch.code).toBe(1);
      expect(mismatch.err).toContain("a Twilio channel's phone number id is its sender number");
      expect(await channelCount()).toBe(before);
      // A sender of one of the account's Messaging Services is the account's too.
      const service = await twilioAdd('--from', 'whatsapp:+15550002233');
      expect(service.code).toBe(0);
    });
  });
});
