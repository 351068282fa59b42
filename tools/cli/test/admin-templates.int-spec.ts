import type { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { FakeMetaGraph, FakeTwilio } from '../../fake-whatsapp';
import { adminCli, connectAsSuperuser, testEnv, type Env } from './admin-support';

const WABA = '102290129340398';
const PNID = '106540352242922';
const TOKEN = 'EAAG-acme-system-user-token-0123456789';
const OTHER_WABA = '102290129349999';
const OTHER_PNID = '106540352242999';
const TWILIO_SID = `AC${'7'.repeat(32)}`;
const TWILIO_TOKEN = 'twilio-secret';
const TWILIO_NUMBER = '+15550003333';
const hx = (digit: string) => `HX${digit.repeat(32)}`;

describe('leadline templates (and the sync on channel add)', () => {
  let db: TestDatabase;
  let sql: Client;
  let env: Env;
  let fake: FakeMetaGraph;
  let acmeChannelId: string;
  // The Twilio account of "other": Content templates approved, rejected and never submitted.
  const twilio = new FakeTwilio({
    accounts: [{ sid: TWILIO_SID, authToken: TWILIO_TOKEN }],
    senders: [`whatsapp:${TWILIO_NUMBER}`],
    contents: [
      {
        sid: hx('1'),
        friendlyName: 'welcome_back',
        language: 'en',
        body: 'Welcome back {{1}}!',
        samples: { '1': 'Ana' },
        approval: { name: 'welcome_back', category: 'UTILITY', status: 'approved' },
      },
      {
        sid: hx('2'),
        language: 'en',
        body: 'WIN BIG NOW',
        approval: {
          name: 'win_big',
          category: 'MARKETING',
          status: 'rejected',
          rejectionReason: 'Promotional content',
        },
      },
      { sid: hx('3'), language: 'en', body: 'Only inside the window' },
    ],
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = await connectAsSuperuser(db);
    fake = new FakeMetaGraph({
      phoneNumbers: [
        { id: PNID, displayPhoneNumber: '15550001111', wabaId: WABA, tokens: [TOKEN] },
        { id: OTHER_PNID, displayPhoneNumber: '15550002222', wabaId: OTHER_WABA, tokens: ['EAAG-valid'] },
      ],
    });
    await fake.start();
    await twilio.start();
    // More than one page of 100.
    for (let i = 0; i < 130; i++) {
      fake.addTemplate({
        wabaId: WABA,
        name: `promo_${String(i).padStart(3, '0')}`,
        language: 'en_US',
        category: i % 2 ? 'MARKETING' : 'UTILITY',
        status: i % 10 === 0 ? 'REJECTED' : 'APPROVED',
        components: [{ type: 'BODY', text: `Offer ${i}` }],
      });
    }
    env = testEnv(db, { META_GRAPH_URL: fake.url, TWILIO_API_URL: twilio.url });
    for (const slug of ['acme', 'other']) {
      expect((await adminCli(env, 'tenant', 'create', slug)).code).toBe(0);
    }
  });

  afterAll(async () => {
    await fake?.stop();
    await twilio.stop();
    await sql?.end();
    await db?.drop();
  });

  const templateRows = async (channelId: string) =>
    (
      await sql.query(
        'SELECT name, language, category, status, provider_template_id FROM templates WHERE channel_id = $1 ORDER BY name',
        [channelId],
      )
    ).rows;

  const addMeta = (tenant: string, pnid: string, waba: string, token: string, ...extra: string[]) =>
    adminCli(
      env,
      ...['channel', 'add', '--tenant', tenant, '--provider', 'meta', '--phone-number-id', pnid],
      ...['--waba-id', waba, '--access-token', token, '--display-phone', '+15550001111', ...extra],
    );

  describe('channel add', () => {
    it('syncs the templates of a new Meta channel with a WABA id and prints the counts', async () => {
      const result = await addMeta('acme', PNID, WABA, TOKEN, '--json');
      expect(result).toMatchObject({ code: 0, err: '' });
      const printed = JSON.parse(result.out);
      expect(printed.templates).toEqual({ added: 130, updated: 0, removed: 0 });
      acmeChannelId = printed.channel.id;
      const rows = await templateRows(acmeChannelId);
      expect(rows).toHaveLength(130);
      expect(rows[0]).toEqual({
        name: 'promo_000',
        language: 'en_US',
        category: 'utility',
        status: 'rejected',
        provider_template_id: fake.templates(WABA)[0].id,
      });
      expect(rows.filter((r) => r.status === 'approved')).toHaveLength(117);
    });

    it('keeps the channel and exits 0 with a warning when the sync fails', async () => {
      // The token proves the number, then is refused when the templates are listed.
      fake.failNext(1, { route: 'templates', httpStatus: 401, code: 190 });
      const result = await addMeta('other', OTHER_PNID, OTHER_WABA, 'EAAG-valid');
      expect(result.code).toBe(0);
      expect(result.out).toContain(`Added meta channel ${OTHER_PNID}`);
      expect(result.out).not.toContain('Templates synced');
      expect(result.err).toContain(
        `leadline: warning: template sync of meta channel ${OTHER_PNID} failed: the access token was refused (190)`,
      );
      expect(result.err).toContain('templates sync --tenant other');
      expect(`${result.out}${result.err}`).not.toContain('EAAG-valid');
      const { rows } = await sql.query('SELECT status FROM channels WHERE phone_number_id = $1', [
        OTHER_PNID,
      ]);
      expect(rows).toEqual([{ status: 'active' }]);
    });

    it("syncs a Twilio channel's Content templates submitted for WhatsApp approval", async () => {
      const result = await adminCli(
        env,
        ...['channel', 'add', '--tenant', 'other', '--provider', 'twilio', '--account-sid', TWILIO_SID],
        ...['--auth-token', TWILIO_TOKEN, '--from', `whatsapp:${TWILIO_NUMBER}`, '--json'],
      );
      expect(result).toMatchObject({ code: 0, err: '' });
      const printed = JSON.parse(result.out);
      expect(printed.templates).toEqual({ added: 2, updated: 0, removed: 0 });
      const rows = (
        await sql.query(
          'SELECT name, language, category, status, provider_template_id, rejection_reason FROM templates WHERE channel_id = $1 ORDER BY name',
          [printed.channel.id],
        )
      ).rows;
      expect(rows).toEqual([
        {
          name: 'welcome_back',
          language: 'en',
          category: 'utility',
          status: 'approved',
          provider_template_id: hx('1'),
          rejection_reason: null,
        },
        {
          name: 'win_big',
          language: 'en',
          category: 'marketing',
          status: 'rejected',
          provider_template_id: hx('2'),
          rejection_reason: 'Promotional content',
        },
      ]);
    });
  });

  describe('templates sync', () => {
    it("prints each channel's counts after changes at Meta", async () => {
      fake.addTemplate({
        wabaId: WABA,
        name: 'spring_sale',
        language: 'pt_BR',
        category: 'MARKETING',
        status: 'PENDING',
        components: [{ type: 'BODY', text: 'Promo' }],
      });
      fake.approveTemplate('promo_000', 'en_US', WABA);
      const result = await adminCli(env, 'templates', 'sync', '--tenant', 'acme');
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(result.out).toBe(
        `Synced the templates of tenant "acme":\n  meta ${PNID}: 1 added, 1 updated, 0 removed`,
      );
      const rows = await templateRows(acmeChannelId);
      expect(rows.find((r) => r.name === 'promo_000').status).toBe('approved');
      expect(rows.find((r) => r.name === 'spring_sale')).toMatchObject({
        status: 'pending',
        category: 'marketing',
      });

      const again = await adminCli(env, 'templates', 'sync', '--tenant', 'acme', '--json');
      expect(again.code).toBe(0);
      expect(JSON.parse(again.out)).toEqual({
        channels: [
          {
            channelId: acmeChannelId,
            provider: 'meta',
            phoneNumberId: PNID,
            added: 0,
            updated: 0,
            removed: 0,
          },
        ],
      });
    });

    it('exits 1 naming the failed channel, and still syncs the others', async () => {
      fake.failNext(1, { route: 'templates', httpStatus: 401, code: 190 });
      const result = await adminCli(env, 'templates', 'sync', '--tenant', 'other', '--json');
      expect(result.code).toBe(1);
      expect(result.err).toContain(
        `leadline: template sync of meta channel ${OTHER_PNID} failed: the access token was refused (190)`,
      );
      const { channels } = JSON.parse(result.out);
      expect(channels).toEqual([
        expect.objectContaining({
          provider: 'meta',
          phoneNumberId: OTHER_PNID,
          error: expect.stringContaining('the access token was refused (190)'),
        }),
        expect.objectContaining({
          provider: 'twilio',
          phoneNumberId: TWILIO_NUMBER,
          added: 0,
          updated: 0,
          removed: 0,
        }),
      ]);
    });

    it('refuses an unknown tenant (1) and bad arguments (2)', async () => {
      const unknown = await adminCli(env, 'templates', 'sync', '--tenant', 'nobody');
      expect(unknown).toMatchObject({ code: 1, err: 'leadline: tenant "nobody" does not exist' });
      expect((await adminCli(env, 'templates', 'sync')).code).toBe(2);
      expect((await adminCli(env, 'templates', 'sync', '--tenant', 'acme', '--bogus')).code).toBe(2);
      const noAction = await adminCli(env, 'templates', 'prune', '--tenant', 'acme');
      expect(noAction.code).toBe(2);
      expect(noAction.err).toContain('templates sync --tenant <slug>');
    });
  });

  describe('templates list', () => {
    it("lists only the tenant's templates with their status, as a table or JSON", async () => {
      const json = await adminCli(env, 'templates', 'list', '--tenant', 'acme', '--json');
      expect(json.code).toBe(0);
      const { templates } = JSON.parse(json.out);
      expect(templates).toHaveLength(131);
      expect(templates.every((t: { channelId: string }) => t.channelId === acmeChannelId)).toBe(true);
      expect(templates.find((t: { name: string }) => t.name === 'spring_sale')).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        channelId: acmeChannelId,
        provider: 'meta',
        phoneNumberId: PNID,
        name: 'spring_sale',
        language: 'pt_BR',
        category: 'marketing',
        status: 'pending',
        providerTemplateId: fake.templates(WABA).find((t) => t.name === 'spring_sale')?.id,
      });

      const text = await adminCli(env, 'templates', 'list', '--tenant', 'acme');
      const lines = text.out.split('\n');
      expect(lines[0]).toMatch(/^CHANNEL\s+NAME\s+LANGUAGE\s+CATEGORY\s+STATUS$/);
      expect(lines).toHaveLength(132);
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^meta ${PNID}\\s+promo_001\\s+en_US\\s+marketing\\s+approved$`)),
      );

      // The Twilio account's Content templates, synced when the channel was added.
      const other = await adminCli(env, 'templates', 'list', '--tenant', 'other');
      expect(other.out).toMatch(
        new RegExp(`twilio \\${TWILIO_NUMBER}\\s+welcome_back\\s+en\\s+utility\\s+approved`),
      );
      expect(other.out).toMatch(/win_big\s+en\s+marketing\s+rejected/);
      await adminCli(env, 'tenant', 'create', 'empty');
      const empty = await adminCli(env, 'templates', 'list', '--tenant', 'empty');
      expect(empty.out).toContain('Tenant "empty" has no templates');
    });
  });

  describe('templates create', () => {
    const create = (...extra: string[]) =>
      adminCli(
        env,
        ...['templates', 'create', '--tenant', 'acme', '--channel', PNID, '--language', 'en_US'],
        ...['--category', 'utility', ...extra],
      );

    it('submits a template to Meta, stores it as pending, and a later sync sees it approved', async () => {
      const result = await create(
        ...['--name', 'order_shipped', '--body', 'Hi {{1}}, order {{2}} has shipped.'],
        ...['--example', 'Ana', '--example', '#7781', '--json'],
      );
      expect(result).toMatchObject({ code: 0, err: '' });
      const atMeta = fake.templates(WABA).find((t) => t.name === 'order_shipped');
      expect(atMeta).toMatchObject({
        status: 'PENDING',
        category: 'UTILITY',
        components: [
          {
            type: 'BODY',
            text: 'Hi {{1}}, order {{2}} has shipped.',
            example: { body_text: [['Ana', '#7781']] },
          },
        ],
      });
      const { template } = JSON.parse(result.out);
      expect(template).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        channelId: acmeChannelId,
        name: 'order_shipped',
        language: 'en_US',
        category: 'utility',
        status: 'pending',
        providerTemplateId: atMeta?.id,
      });
      const { rows: audit } = await sql.query('SELECT action, data FROM audit_logs WHERE target_id = $1', [
        template.id,
      ]);
      expect(audit).toEqual([
        {
          action: 'template.submitted',
          data: expect.objectContaining({ via: 'cli', name: 'order_shipped' }),
        },
      ]);

      fake.approveTemplate('order_shipped', 'en_US', WABA);
      expect((await adminCli(env, 'templates', 'sync', '--tenant', 'acme')).out).toContain(
        '0 added, 1 updated, 0 removed',
      );
      expect((await templateRows(acmeChannelId)).find((r) => r.name === 'order_shipped').status).toBe(
        'approved',
      );
    });

    it('prints a sentence without --json', async () => {
      const result = await create('--name', 'welcome_back', '--body', 'Welcome back!');
      expect(result.code).toBe(0);
      expect(result.out).toMatch(
        new RegExp(
          `^Submitted template welcome_back \\(en_US, utility\\) on channel ${PNID}: status pending`,
        ),
      );
    });

    it.each([
      [
        ['--name', 'Order-Shipped', '--body', 'Hi'],
        'may only contain lowercase letters, digits and underscores',
      ],
      [['--name', 'x', '--body', 'Hi {{1}}'], '1 parameter(s) and 0 example(s)'],
      [['--name', 'x', '--body', 'Hi {{2}}', '--example', 'a'], '{{1}}, {{2}}, ... in order'],
      [['--name', 'x'], 'missing --body'],
    ])('refuses %j before calling Meta (exit 2)', async (args, message) => {
      const before = fake.templates().length;
      const result = await create(...args);
      expect(result.code).toBe(2);
      expect(result.err).toContain(message);
      expect(fake.templates()).toHaveLength(before);
    });

    it('refuses a bad category (exit 2)', async () => {
      const result = await adminCli(
        env,
        ...['templates', 'create', '--tenant', 'acme', '--channel', PNID, '--language', 'en_US'],
        ...['--category', 'promo', '--name', 'x', '--body', 'Hi'],
      );
      expect(result).toMatchObject({ code: 2 });
      expect(result.err).toContain('category must be marketing, utility or authentication');
    });

    it('submits a Twilio Content template for WhatsApp approval; a later sync sees it approved or rejected', async () => {
      const result = await adminCli(
        env,
        ...['templates', 'create', '--tenant', 'other', '--channel', TWILIO_NUMBER, '--language', 'en'],
        ...['--category', 'utility', '--name', 'order_ready', '--body', 'Hi {{1}}, order {{2}} is ready.'],
        ...['--example', 'Ana', '--example', '#12', '--json'],
      );
      expect(result).toMatchObject({ code: 0, err: '' });
      const { template } = JSON.parse(result.out);
      const atTwilio = twilio.contentTemplates().find((c) => c.approval?.name === 'order_ready');
      expect(atTwilio).toMatchObject({
        friendlyName: 'order_ready',
        language: 'en',
        types: { 'twilio/text': { body: 'Hi {{1}}, order {{2}} is ready.' } },
        samples: { '1': 'Ana', '2': '#12' },
        approval: { category: 'UTILITY', status: 'received' },
      });
      expect(template).toMatchObject({ status: 'pending', providerTemplateId: atTwilio?.sid });

      twilio.rejectContent(atTwilio?.sid as string, 'Variables at the end of the body');
      await adminCli(env, 'templates', 'sync', '--tenant', 'other');
      const rejected = await sql.query('SELECT status, rejection_reason FROM templates WHERE id = $1', [
        template.id,
      ]);
      expect(rejected.rows).toEqual([
        { status: 'rejected', rejection_reason: 'Variables at the end of the body' },
      ]);
      twilio.approveContent(atTwilio?.sid as string);
      await adminCli(env, 'templates', 'sync', '--tenant', 'other');
      const approved = await sql.query('SELECT status FROM templates WHERE id = $1', [template.id]);
      expect(approved.rows).toEqual([{ status: 'approved' }]);
    });

    it('exits 1 for an unknown channel, a Twilio template it cannot express, or a template Meta refuses', async () => {
      const unknown = await adminCli(
        env,
        ...['templates', 'create', '--tenant', 'other', '--channel', PNID, '--language', 'en_US'],
        ...['--category', 'utility', '--name', 'x', '--body', 'Hi'],
      );
      expect(unknown).toMatchObject({
        code: 1,
        err: `leadline: tenant "other" has no channel with phone number id "${PNID}"`,
      });

      const failed = await adminCli(
        env,
        ...['templates', 'create', '--tenant', 'other', '--channel', TWILIO_NUMBER, '--language', 'en'],
        ...['--category', 'utility', '--name', 'x', '--body', 'Hi'],
      );
      expect(failed.code).toBe(0);
      twilio.failNext(1, { route: 'content', httpStatus: 400, code: 20001, message: 'types is invalid' });
      const refused = await adminCli(
        env,
        ...['templates', 'create', '--tenant', 'other', '--channel', TWILIO_NUMBER, '--language', 'en'],
        ...['--category', 'utility', '--name', 'y', '--body', 'Hi'],
      );
      expect(refused.code).toBe(1);
      expect(refused.err).toContain(
        `creating template y on twilio channel ${TWILIO_NUMBER} failed: Twilio API error (HTTP 400, code 20001)`,
      );

      const duplicate = await create('--name', 'order_shipped', '--body', 'Hi again');
      expect(duplicate.code).toBe(1);
      expect(duplicate.err).toContain(
        `leadline: creating template order_shipped on meta channel ${PNID} failed: Graph API error (HTTP 400, code 100)`,
      );
    });
  });
});
