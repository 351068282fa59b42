import { randomBytes, randomUUID } from 'node:crypto';
import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import { databaseMediaStore } from '@leadline/documents';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '@leadline/testing';
import { MetaCloudProvider, TwilioProvider, type MessageEvent } from '@leadline/whatsapp';
import {
  DEFAULT_META_PHONE,
  DEFAULT_TWILIO_ACCOUNT,
  FakeMetaGraph,
  FakeTwilio,
} from '../../../tools/fake-whatsapp';
import {
  bullConnection,
  ingestChannelEvent,
  RedisInboxPublisher,
  RedisInboxSubscriber,
  storeInboundMedia,
  type InboxNotice,
  type InboundMediaDeps,
  type ProviderFactory,
} from '../src';

const REDIS = bullConnection(testRedisUrl());
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2048)]);

describe('inbound media: what customers send is downloaded, sealed and kept', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let meta: FakeMetaGraph;
  let twilio: FakeTwilio;
  let tenantId: string;
  const channelIds: Record<'meta' | 'twilio', string> = { meta: '', twilio: '' };
  const notices: Array<{ tenantId: string; notice: InboxNotice }> = [];
  const box = createSecretBoxFromBase64Keys({ current: randomBytes(32).toString('base64'), previous: [] });
  let deps: InboundMediaDeps;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    meta = new FakeMetaGraph({ autoStatuses: [] });
    twilio = new FakeTwilio();
    await Promise.all([meta.start(), twilio.start()]);
    const tenant = await prisma.tenant.create({
      data: { slug: `t-${randomUUID().slice(0, 8)}`, name: 'Acme' },
    });
    tenantId = tenant.id;
    for (const provider of ['meta', 'twilio'] as const) {
      const channel = await prisma.channel.create({
        data: {
          tenantId,
          provider,
          phoneNumberId: provider === 'meta' ? DEFAULT_META_PHONE.id : `PN-${randomUUID()}`,
          displayPhone: '+15550001111',
          status: 'active',
        },
      });
      channelIds[provider] = channel.id;
    }
    const metaProvider = new MetaCloudProvider({
      graphUrl: meta.url,
      phoneNumberId: DEFAULT_META_PHONE.id,
      wabaId: DEFAULT_META_PHONE.wabaId,
      accessToken: DEFAULT_META_PHONE.tokens[0],
    });
    const twilioProvider = new TwilioProvider({
      apiUrl: twilio.url,
      accountSid: DEFAULT_TWILIO_ACCOUNT.sid,
      authToken: DEFAULT_TWILIO_ACCOUNT.authToken,
      from: '+15550001111',
    });
    const providers: ProviderFactory = (channel) =>
      channel.provider === 'meta' ? metaProvider : twilioProvider;
    deps = {
      prisma,
      providers,
      store: databaseMediaStore(box),
      notify: (id, notice) => notices.push({ tenantId: id, notice }),
    };
  });

  afterAll(async () => {
    await Promise.all([meta?.stop(), twilio?.stop()]);
    await prisma?.$disconnect();
    await db?.drop();
  });

  /** The contact writes with a file; the ingest records the message and a pending file row. */
  async function ingestWithMedia(
    provider: 'meta' | 'twilio',
    media: { kind: string; id?: string; url?: string; mimeType?: string },
  ): Promise<string> {
    const event: MessageEvent = {
      kind: 'message',
      channel: {
        provider,
        phoneNumberId: (await prisma.channel.findUniqueOrThrow({ where: { id: channelIds[provider] } }))
          .phoneNumberId,
      },
      contact: { waId: '447700900123', phone: '+447700900123', name: 'Pia' },
      message: {
        type: 'media',
        media,
        providerMessageId: `wamid.${randomUUID()}`,
        at: new Date().toISOString(),
      },
    };
    const outcome = await ingestChannelEvent(prisma, event);
    expect(outcome.outcome).toBe('accepted');
    const row = await withTenant(prisma, tenantId, (tx) =>
      tx.messageMedia.findFirstOrThrow({ where: { status: 'pending' }, orderBy: { createdAt: 'desc' } }),
    );
    return row.id;
  }

  function metaMediaId(mimeType: string, bytes: Buffer): string {
    meta.userSends({ from: '+447700900123', media: { type: 'image', mimeType, bytes } });
    const sent = meta.inbound().at(-1)!.message as { image: { id: string } };
    return sent.image.id;
  }

  it("downloads a Meta photo with the channel's token, keeps it sealed and tells the inbox", async () => {
    const mediaId = await ingestWithMedia('meta', { kind: 'image', id: metaMediaId('image/jpeg', PHOTO) });

    expect(await storeInboundMedia(deps, { tenantId, mediaId }, false)).toBe('stored');

    const row = await withTenant(prisma, tenantId, (tx) =>
      tx.messageMedia.findUniqueOrThrow({ where: { id: mediaId } }),
    );
    expect(row).toMatchObject({
      status: 'stored',
      mimeType: 'image/jpeg',
      sizeBytes: PHOTO.length,
      error: null,
    });
    // At rest the bytes are sealed: the photo is not in the column, yet the store opens it.
    expect(Buffer.from(row.content!).includes(PHOTO.subarray(0, 64))).toBe(false);
    const opened = await withTenant(prisma, tenantId, (tx) =>
      deps.store.get(tx, { tenantId, mediaId, storageKey: row.storageKey }),
    );
    expect(opened?.equals(PHOTO)).toBe(true);
    expect(notices.at(-1)).toMatchObject({ tenantId, notice: { kind: 'message', contactId: row.contactId } });

    // A second run of the job (a retry after a crash) changes nothing.
    expect(await storeInboundMedia(deps, { tenantId, mediaId }, false)).toBe('skipped');
  });

  it("downloads a Twilio file from its MediaUrl with the account's credentials", async () => {
    const { params } = twilio.userSends({
      from: 'whatsapp:+447700900123',
      media: [{ contentType: 'application/pdf', bytes: Buffer.from('%PDF-1.7 signed form') }],
    });
    const mediaId = await ingestWithMedia('twilio', { kind: 'document', url: params.MediaUrl0 });

    expect(await storeInboundMedia(deps, { tenantId, mediaId }, false)).toBe('stored');
    const row = await withTenant(prisma, tenantId, (tx) =>
      tx.messageMedia.findUniqueOrThrow({ where: { id: mediaId } }),
    );
    const opened = await withTenant(prisma, tenantId, (tx) =>
      deps.store.get(tx, { tenantId, mediaId, storageKey: row.storageKey }),
    );
    expect(opened?.toString()).toBe('%PDF-1.7 signed form');
  });

  it('never sends Twilio credentials to a URL outside the account: the file fails, not retried', async () => {
    const mediaId = await ingestWithMedia('twilio', {
      kind: 'image',
      url: 'https://attacker.example/steal.jpg',
    });
    expect(await storeInboundMedia(deps, { tenantId, mediaId }, false)).toBe('failed');
    const row = await withTenant(prisma, tenantId, (tx) =>
      tx.messageMedia.findUniqueOrThrow({ where: { id: mediaId } }),
    );
    expect(row.error).toBe("The media URL is not one of this Twilio account's.");
  });

  it('refuses types it does not keep and files over the size limit, keeping nothing', async () => {
    const program = await ingestWithMedia('meta', {
      kind: 'document',
      id: metaMediaId('application/x-msdownload', Buffer.from('MZ')),
    });
    expect(await storeInboundMedia(deps, { tenantId, mediaId: program }, false)).toBe('rejected');

    const big = await ingestWithMedia('meta', { kind: 'image', id: metaMediaId('image/jpeg', PHOTO) });
    expect(await storeInboundMedia({ ...deps, maxBytes: 1024 }, { tenantId, mediaId: big }, false)).toBe(
      'rejected',
    );

    const rows = await withTenant(prisma, tenantId, (tx) =>
      tx.messageMedia.findMany({ where: { id: { in: [program, big] } }, orderBy: { createdAt: 'asc' } }),
    );
    expect(rows.map((row) => [row.status, row.content, row.error])).toEqual([
      ['rejected', null, 'files of type application/x-msdownload are not kept'],
      ['rejected', null, `The file (${PHOTO.length} bytes) is larger than 1024 bytes.`],
    ]);
  });

  it('throws on a passing provider failure so the queue retries, and gives up on the last attempt', async () => {
    const mediaId = await ingestWithMedia('meta', { kind: 'image', id: metaMediaId('image/jpeg', PHOTO) });
    const brokenDeps: InboundMediaDeps = {
      ...deps,
      providers: () =>
        new MetaCloudProvider({
          graphUrl: 'http://127.0.0.1:1',
          phoneNumberId: DEFAULT_META_PHONE.id,
          wabaId: DEFAULT_META_PHONE.wabaId,
          accessToken: 'x',
          timeoutMs: 500,
        }),
    };
    await expect(storeInboundMedia(brokenDeps, { tenantId, mediaId }, false)).rejects.toThrow(
      /Graph API request failed/,
    );
    const pending = await withTenant(prisma, tenantId, (tx) =>
      tx.messageMedia.findUniqueOrThrow({ where: { id: mediaId } }),
    );
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });

    expect(await storeInboundMedia(brokenDeps, { tenantId, mediaId }, true)).toBe('failed');
    // Another attempt (a late duplicate job) leaves the outcome alone.
    expect(await storeInboundMedia(deps, { tenantId, mediaId }, false)).toBe('skipped');
  });
});

describe('inbox notices on Redis pub/sub', () => {
  it("reach only the subscribers of the notice's tenant", async () => {
    const publisher = new RedisInboxPublisher(REDIS);
    const subscriber = new RedisInboxSubscriber(REDIS);
    const [a, b] = [randomUUID(), randomUUID()];
    const heardA: InboxNotice[] = [];
    const heardB: InboxNotice[] = [];
    try {
      const stopA = await subscriber.subscribe(a, (notice) => heardA.push(notice));
      await subscriber.subscribe(b, (notice) => heardB.push(notice));
      const forA: InboxNotice = { kind: 'message', contactId: randomUUID(), conversationId: randomUUID() };
      const forB: InboxNotice = { kind: 'status', contactId: randomUUID(), conversationId: null };
      publisher.notify(a, forA);
      publisher.notify(b, forB);
      const deadline = Date.now() + 5_000;
      while ((heardA.length < 1 || heardB.length < 1) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(heardA).toEqual([forA]);
      expect(heardB).toEqual([forB]);

      // Once A's last listener leaves, A's notices are no longer received.
      stopA();
      publisher.notify(a, forA);
      publisher.notify(b, forB);
      while (heardB.length < 2 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(heardA).toHaveLength(1);
    } finally {
      await publisher.close();
      await subscriber.close();
    }
  });
});
