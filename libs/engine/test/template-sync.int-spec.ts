import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPrismaClient, withTenant, type PrismaClient, type Template } from '@leadline/database';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { parseMetaWebhook } from '@leadline/whatsapp';
import { FakeMetaGraph, FakeTwilio } from '../../../tools/fake-whatsapp';
import {
  bodyComponents,
  createTemplate,
  ingestChannelEvent,
  InvalidTemplateError,
  syncAllTemplates,
  syncChannelTemplates,
  syncTenantTemplates,
  TemplateChannelError,
  templateProviders,
  type ChannelCredentials,
  type ChannelSyncOutcome,
  type TemplateProviders,
} from '../src';

const WABA_A = '102290129340398';
const PNID_A = '106540352242922';
const TOKEN_A = 'EAAG-token-of-tenant-a';
const WABA_B = '102290129349999';
const PNID_B = '106540352242999';
const TOKEN_B = 'EAAG-token-of-tenant-b';

const STATUSES = ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED'] as const;
const EXPECTED_STATUS = ['approved', 'pending', 'rejected', 'paused', 'disabled'];
const CATEGORIES = ['UTILITY', 'MARKETING', 'AUTHENTICATION'];
const TWILIO_SID = `AC${'0123'.repeat(8)}`;

/** Receives the fake's webhooks, as the API's webhook controller would. */
async function startWebhookSink(): Promise<{ url: string; bodies: unknown[]; server: Server }> {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/meta`, bodies, server };
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('template sync and submission (PostgreSQL + fake Meta Graph)', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let fake: FakeMetaGraph;
  // A Twilio account with no Content templates: the channel's hand-set contentSids are all it has.
  const twilio = new FakeTwilio({
    accounts: [{ sid: TWILIO_SID, authToken: 'twilio-token' }],
    senders: ['whatsapp:+15550003333'],
  });
  let sink: Awaited<ReturnType<typeof startWebhookSink>>;
  let deps: TemplateProviders;
  const box = createSecretBoxFromBase64Keys({ current: randomBytes(32).toString('base64') });
  const seal = (credentials: ChannelCredentials) => new Uint8Array(box.seal({ ...credentials }));
  const ids = {} as Record<'tenantA' | 'tenantB' | 'metaA' | 'metaB' | 'twilioB' | 'sandboxA', string>;

  async function addChannel(
    tenantId: string,
    data: { provider: 'meta' | 'twilio' | 'sandbox'; phoneNumberId: string; wabaId?: string },
    credentials?: ChannelCredentials,
    status: 'active' | 'disabled' = 'active',
  ): Promise<string> {
    const channel = await withTenant(prisma, tenantId, (tx) =>
      tx.channel.create({
        data: {
          tenantId,
          ...data,
          displayPhone: '+15550001111',
          encryptedCredentials: credentials ? seal(credentials) : null,
          status,
        },
      }),
    );
    return channel.id;
  }

  const makeDeps = (): TemplateProviders =>
    templateProviders({
      meta: { graphUrl: fake.url, graphVersion: 'v25.0' },
      twilio: { apiUrl: twilio.url },
      publicUrl: 'http://127.0.0.1:9',
      openCredentials: (sealed) => box.open(sealed) as ChannelCredentials,
    });

  const templatesOf = (tenantId: string, channelId: string): Promise<Template[]> =>
    withTenant(prisma, tenantId, (tx) =>
      tx.template.findMany({ where: { channelId }, orderBy: [{ name: 'asc' }, { language: 'asc' }] }),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    sink = await startWebhookSink();
    fake = new FakeMetaGraph({
      phoneNumbers: [
        { id: PNID_A, displayPhoneNumber: '15550001111', wabaId: WABA_A, tokens: [TOKEN_A] },
        { id: PNID_B, displayPhoneNumber: '15550002222', wabaId: WABA_B, tokens: [TOKEN_B] },
      ],
      webhookUrl: sink.url,
    });
    await fake.start();
    await twilio.start();
    deps = makeDeps();
    for (const slug of ['tenant-a', 'tenant-b'] as const) {
      const tenant = await prisma.tenant.create({ data: { slug, name: slug } });
      ids[slug === 'tenant-a' ? 'tenantA' : 'tenantB'] = tenant.id;
    }
    ids.metaA = await addChannel(
      ids.tenantA,
      { provider: 'meta', phoneNumberId: PNID_A, wabaId: WABA_A },
      { accessToken: TOKEN_A },
    );
    ids.sandboxA = await addChannel(ids.tenantA, { provider: 'sandbox', phoneNumberId: 'sandbox-a' });
    // Meta knows this number, but the token stored for it is not (or no longer) valid.
    ids.metaB = await addChannel(
      ids.tenantB,
      { provider: 'meta', phoneNumberId: PNID_B, wabaId: WABA_B },
      { accessToken: 'EAAG-revoked-token' },
    );
    ids.twilioB = await addChannel(
      ids.tenantB,
      { provider: 'twilio', phoneNumberId: 'PN-twilio-b' },
      {
        accountSid: TWILIO_SID,
        authToken: 'twilio-token',
        from: 'whatsapp:+15550003333',
        contentSids: { 'order_shipped:en_US': 'HX111', 'welcome:pt_BR': 'HX222', any_language: 'HX333' },
      },
    );
    // Channels the scheduled sync must leave alone.
    await addChannel(
      ids.tenantB,
      { provider: 'meta', phoneNumberId: '300000000000001' },
      { accessToken: 'x' },
    );
    await addChannel(
      ids.tenantB,
      { provider: 'meta', phoneNumberId: '300000000000002', wabaId: WABA_B },
      { accessToken: TOKEN_B },
      'disabled',
    );

    for (let i = 0; i < 250; i++) {
      fake.addTemplate({
        wabaId: WABA_A,
        name: `tpl_${String(i).padStart(3, '0')}`,
        language: i % 2 ? 'pt_BR' : 'en_US',
        category: CATEGORIES[i % 3],
        status: STATUSES[i % 5],
        components: [
          { type: 'HEADER', format: 'TEXT', text: `Order ${i}` },
          { type: 'BODY', text: `Hi {{1}}, item ${i}`, example: { body_text: [['Ana']] } },
        ],
      });
    }
  });

  afterAll(async () => {
    await fake?.stop();
    await twilio.stop();
    await new Promise((resolve) => sink?.server.close(resolve));
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('adds every template of a WABA listed over several pages, with statuses and categories mapped', async () => {
    expect(await syncChannelTemplates(prisma, deps, ids.metaA)).toEqual({
      added: 250,
      updated: 0,
      removed: 0,
    });

    const rows = await templatesOf(ids.tenantA, ids.metaA);
    expect(rows).toHaveLength(250);
    const byName = new Map(rows.map((row) => [row.name, row]));
    for (const template of fake.templates(WABA_A)) {
      const i = Number(template.name.slice(4));
      expect(byName.get(template.name)).toMatchObject({
        tenantId: ids.tenantA,
        language: i % 2 ? 'pt_BR' : 'en_US',
        status: EXPECTED_STATUS[i % 5],
        category: CATEGORIES[i % 3].toLowerCase(),
        providerTemplateId: template.id,
        components: template.components,
      });
    }
    // The other tenant's rows are untouched.
    expect(await templatesOf(ids.tenantB, ids.metaB)).toEqual([]);
  });

  it('is idempotent: a second sync changes nothing', async () => {
    const before = await templatesOf(ids.tenantA, ids.metaA);
    expect(await syncChannelTemplates(prisma, deps, ids.metaA)).toEqual({ added: 0, updated: 0, removed: 0 });
    expect(await templatesOf(ids.tenantA, ids.metaA)).toEqual(before);
  });

  it('updates changed templates and marks those Meta no longer lists as disabled, keeping drafts', async () => {
    await withTenant(prisma, ids.tenantA, async (tx) => {
      for (const [name, status] of [
        ['deleted_in_manager', 'approved'],
        ['local_draft', 'draft'],
        ['long_gone', 'disabled'],
      ] as const) {
        await tx.template.create({
          data: {
            tenantId: ids.tenantA,
            channelId: ids.metaA,
            name,
            language: 'en',
            category: 'utility',
            status,
          },
        });
      }
    });
    fake.setTemplateStatus('tpl_001', 'pt_BR', 'APPROVED', { wabaId: WABA_A }); // was PENDING
    fake.setTemplateStatus('tpl_000', 'en_US', 'PAUSED', { wabaId: WABA_A }); // was APPROVED

    expect(await syncChannelTemplates(prisma, deps, ids.metaA)).toEqual({ added: 0, updated: 2, removed: 1 });
    const rows = new Map((await templatesOf(ids.tenantA, ids.metaA)).map((row) => [row.name, row]));
    expect(rows.get('tpl_001')?.status).toBe('approved');
    expect(rows.get('tpl_000')?.status).toBe('paused');
    expect(rows.get('deleted_in_manager')?.status).toBe('disabled');
    expect(rows.get('local_draft')?.status).toBe('draft');
    expect(rows.get('long_gone')?.status).toBe('disabled');
    expect(await syncChannelTemplates(prisma, deps, ids.metaA)).toEqual({ added: 0, updated: 0, removed: 0 });
  });

  it('names the channel and says the token was refused when Meta answers 190', async () => {
    const failure = syncChannelTemplates(prisma, deps, ids.metaB);
    await expect(failure).rejects.toBeInstanceOf(TemplateChannelError);
    await expect(failure).rejects.toThrow(
      `template sync of meta channel ${PNID_B} failed: the access token was refused (190)`,
    );
    await expect(failure).rejects.not.toThrow('EAAG-revoked-token');
  });

  it('writes nothing when a later page fails: a partial listing never disables the rest', async () => {
    fake.setTemplateStatus('tpl_002', 'en_US', 'APPROVED', { wabaId: WABA_A }); // was REJECTED, on page 1
    const realFetch = globalThis.fetch;
    const fetchSpy = jest.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      if (String(input).includes('after='))
        fake.failNext(1, { httpStatus: 503, code: 2, route: 'templates' });
      return realFetch(input, init);
    });
    try {
      // A fresh factory, so the provider is built with the spied fetch.
      await expect(syncChannelTemplates(prisma, makeDeps(), ids.metaA)).rejects.toThrow(
        new RegExp(`^template sync of meta channel ${PNID_A} failed: Graph API error \\(HTTP 503, code 2\\)`),
      );
      expect(fetchSpy.mock.calls.length).toBe(2);
    } finally {
      fetchSpy.mockRestore();
    }
    const rows = await templatesOf(ids.tenantA, ids.metaA);
    expect(rows.find((t) => t.name === 'tpl_002')?.status).toBe('rejected');
    // Every 5th is DISABLED at Meta, plus the two rows that vanished from it in the test before.
    expect(rows.filter((t) => t.status === 'disabled')).toHaveLength(50 + 2);
  });

  it("treats a Twilio channel's name:language ContentSids as approved templates", async () => {
    expect(await syncChannelTemplates(prisma, deps, ids.twilioB)).toEqual({
      added: 2,
      updated: 0,
      removed: 0,
    });
    expect(
      (await templatesOf(ids.tenantB, ids.twilioB)).map(({ name, language, status, providerTemplateId }) => ({
        name,
        language,
        status,
        providerTemplateId,
      })),
    ).toEqual([
      { name: 'order_shipped', language: 'en_US', status: 'approved', providerTemplateId: 'HX111' },
      { name: 'welcome', language: 'pt_BR', status: 'approved', providerTemplateId: 'HX222' },
    ]);

    // The operator drops one ContentSid and replaces the other.
    await withTenant(prisma, ids.tenantB, (tx) =>
      tx.channel.update({
        where: { id: ids.twilioB },
        data: {
          encryptedCredentials: seal({
            accountSid: TWILIO_SID,
            authToken: 'twilio-token',
            from: 'whatsapp:+15550003333',
            contentSids: { 'order_shipped:en_US': 'HX999' },
          }),
        },
      }),
    );
    expect(await syncChannelTemplates(prisma, deps, ids.twilioB)).toEqual({
      added: 0,
      updated: 1,
      removed: 1,
    });
    const rows = await templatesOf(ids.tenantB, ids.twilioB);
    expect(rows.map((r) => [r.name, r.status, r.providerTemplateId])).toEqual([
      ['order_shipped', 'approved', 'HX999'],
      ['welcome', 'disabled', 'HX222'],
    ]);
  });

  it('refuses to sync a sandbox channel or an unknown channel, saying which', async () => {
    await expect(syncChannelTemplates(prisma, deps, ids.sandboxA)).rejects.toThrow(
      'template sync of sandbox channel sandbox-a failed: sandbox channels have no provider templates',
    );
    const unknown = '00000000-0000-4000-8000-000000000000';
    await expect(syncChannelTemplates(prisma, deps, unknown)).rejects.toThrow('the channel does not exist');
  });

  it('syncs all active Meta (with WABA) and Twilio channels of every tenant, one failure not stopping the rest', async () => {
    const seen: ChannelSyncOutcome[] = [];
    const outcomes = await syncAllTemplates(prisma, deps, { onChannel: (o) => seen.push(o) });
    expect(seen).toEqual(outcomes);
    const summary = outcomes.map((o) => [
      o.channelId,
      o.ok ? `${o.added}/${o.updated}/${o.removed}` : 'failed',
    ]);
    expect(summary).toHaveLength(3);
    expect(summary).toEqual(
      expect.arrayContaining([
        [ids.metaA, '0/1/0'], // tpl_002 was approved during the outage
        [ids.metaB, 'failed'],
        [ids.twilioB, '0/0/0'],
      ]),
    );
    const failed = outcomes.find((o) => !o.ok);
    expect(failed && !failed.ok && failed.error.message).toContain('the access token was refused (190)');

    const tenantB = await syncTenantTemplates(prisma, deps, ids.tenantB);
    expect(tenantB.map((o) => o.channelId).sort()).toEqual([ids.metaB, ids.twilioB].sort());

    const aborted = new AbortController();
    aborted.abort();
    expect(await syncAllTemplates(prisma, deps, { signal: aborted.signal })).toEqual([]);
  });

  it('submits a template as pending, and the approval webhook makes it approved', async () => {
    const created = await createTemplate(prisma, deps, {
      channelId: ids.metaA,
      name: 'order_shipped',
      language: 'en_US',
      category: 'utility',
      components: bodyComponents('Hi {{1}}, order {{2}} has shipped.', ['Ana', '#7781']),
    });
    const atMeta = fake.templates(WABA_A).find((t) => t.name === 'order_shipped');
    expect(atMeta).toMatchObject({ status: 'PENDING', category: 'UTILITY', language: 'en_US' });
    expect(created).toMatchObject({
      tenantId: ids.tenantA,
      channelId: ids.metaA,
      status: 'pending',
      category: 'utility',
      providerTemplateId: atMeta?.id,
      components: [
        {
          type: 'BODY',
          text: 'Hi {{1}}, order {{2}} has shipped.',
          example: { body_text: [['Ana', '#7781']] },
        },
      ],
    });

    sink.bodies.length = 0;
    fake.approveTemplate('order_shipped', 'en_US', WABA_A);
    const envelope = await waitFor('the status webhook', () => sink.bodies[0]);
    const { events } = parseMetaWebhook(envelope);
    expect(events).toEqual([expect.objectContaining({ kind: 'template_status', event: 'APPROVED' })]);
    for (const event of events) await ingestChannelEvent(prisma, event);
    const row = (await templatesOf(ids.tenantA, ids.metaA)).find((t) => t.name === 'order_shipped');
    expect(row?.status).toBe('approved');
    // Sync agrees with the webhook: nothing left to change.
    expect(await syncChannelTemplates(prisma, deps, ids.metaA)).toEqual({ added: 0, updated: 0, removed: 0 });
  });

  it('refuses bad definitions before calling Meta, and reports what Meta refuses', async () => {
    const count = fake.templates().length;
    const base = { channelId: ids.metaA, language: 'en_US', category: 'utility' as const };
    const components = bodyComponents('Hello');
    await expect(
      createTemplate(prisma, deps, { ...base, name: 'Order-Shipped', components }),
    ).rejects.toThrow(InvalidTemplateError);
    await expect(
      createTemplate(prisma, deps, { ...base, name: 'ok_name', category: 'promo' as 'utility', components }),
    ).rejects.toThrow('category must be marketing, utility or authentication');
    expect(() => bodyComponents('Hi {{1}} and {{3}}', ['a', 'b'])).toThrow('{{1}}, {{2}}, ... in order');
    expect(() => bodyComponents('Hi {{1}}', [])).toThrow('1 parameter(s) and 0 example(s)');
    expect(fake.templates()).toHaveLength(count);

    // Same name and language again: Meta's own refusal, naming the channel.
    await expect(
      createTemplate(prisma, deps, { ...base, name: 'order_shipped', components }),
    ).rejects.toThrow(
      new RegExp(
        `^creating template order_shipped on meta channel ${PNID_A} failed: Graph API error \\(HTTP 400, code 100\\)`,
      ),
    );
    // Twilio's Content types have no text header: refused, naming the channel, before anything is made.
    await expect(
      createTemplate(prisma, deps, {
        ...base,
        channelId: ids.twilioB,
        name: 'new_one',
        components: [{ type: 'HEADER', format: 'TEXT', text: 'Hi' }, ...components],
      }),
    ).rejects.toThrow(
      'creating template new_one on twilio channel PN-twilio-b failed: Twilio content templates take a media header',
    );
    expect(twilio.contentTemplates()).toEqual([]);
  });
});
