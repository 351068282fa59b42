import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import { applyTemplateStatus } from '@leadline/engine';
import { createTestDatabase, testRedisConnection, type TestDatabase } from '@leadline/testing';
import {
  attemptNotification,
  NotificationsDispatcher,
  NOTIFICATIONS_QUEUE,
  recordNotificationEvent,
  savePreferences,
  savePushSubscription,
  saveWorkspaceSettings,
  smtpMailSender,
  webPushSender,
  type MailSender,
  type NewNotificationEvent,
} from '../src';
import {
  browserKeys,
  startMailbox,
  startPushService,
  waitFor,
  type BrowserKeys,
  type Mailbox,
} from './support';

/** The Redis logical database of this file's queues; each dispatcher also has its own prefix. */
const REDIS = testRedisConnection();
const APP_URL = 'https://app.leadline.test';
const VAPID = {
  publicKey: 'BIsYpuwaWfeJbvXUVPeEJwZVtsVKiTsSiSOkrpVg4XHrAgvvlxkOjFSfyYKTfmJDrzk9_bvOVR3JI5Qsv4GdhPQ',
  privateKey: '4pBTVAqPV_bAgI3oQfs2apTFvw1cH-olSdfKC5KtRrY',
  subject: 'mailto:test@leadline.test',
};

let db: TestDatabase;
let prisma: PrismaClient;
let mailbox: Mailbox;
let push: Awaited<ReturnType<typeof startPushService>>;
let clock: Date | null = null;
const now = () => clock ?? new Date();
const dispatchers: NotificationsDispatcher[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient({ url: db.url, maxConnections: 8 });
  mailbox = await startMailbox();
  push = await startPushService();
});

afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.stop(2_000)));
  mailbox.mails.splice(0);
  push.received.splice(0);
  clock = null;
});

afterAll(async () => {
  await prisma.$disconnect();
  await mailbox.close();
  await push.close();
  await db.drop();
});

function dispatcher(
  overrides: { mail?: MailSender; requeueAfterMs?: number; interruptedAfterMs?: number } = {},
) {
  const d = new NotificationsDispatcher({
    prisma,
    redis: REDIS,
    queuePrefix: `notify-test-${randomUUID().slice(0, 8)}`,
    mail: overrides.mail ?? smtpMailSender(mailbox.url, 'Leadline <notify@leadline.test>'),
    push: webPushSender({ vapid: VAPID, allowAddress: () => true, allowHttp: true, timeoutMs: 5_000 }),
    appUrl: APP_URL,
    pollMs: 30,
    backoffBaseMs: 60_000,
    now,
    ...(overrides.requeueAfterMs !== undefined ? { requeueAfterMs: overrides.requeueAfterMs } : {}),
    ...(overrides.interruptedAfterMs !== undefined
      ? { interruptedAfterMs: overrides.interruptedAfterMs }
      : {}),
  });
  dispatchers.push(d);
  d.start();
  return d;
}

type Role = 'owner' | 'admin' | 'editor' | 'agent' | 'viewer';

async function workspace(name: string, people: Array<[string, Role]>) {
  const tenant = await prisma.tenant.create({ data: { slug: `t-${randomUUID().slice(0, 8)}`, name } });
  const users: Record<string, { id: string; email: string }> = {};
  for (const [who, role] of people) {
    const email = `${who}-${randomUUID().slice(0, 6)}@${name.toLowerCase().replace(/\W/g, '')}.test`;
    users[who] = await prisma.user.create({
      data: { tenantId: tenant.id, email, name: who, passwordHash: 'x', role },
      select: { id: true, email: true },
    });
  }
  const contact = await prisma.contact.create({
    data: { tenantId: tenant.id, phone: '+447700900123', name: 'Ada Lovelace' },
  });
  const channel = await prisma.channel.create({
    data: {
      tenantId: tenant.id,
      provider: 'sandbox',
      phoneNumberId: `sandbox-${randomUUID().slice(0, 8)}`,
      displayPhone: '+15550100000',
      status: 'active',
    },
  });
  const conversation = await prisma.conversation.create({
    data: { tenantId: tenant.id, contactId: contact.id, channelId: channel.id },
  });
  return { tenantId: tenant.id, users, contactId: contact.id, conversationId: conversation.id };
}

async function record(tenantId: string, event: NewNotificationEvent) {
  return withTenant(prisma, tenantId, (tx) => recordNotificationEvent(tx, event));
}

function handoff(ws: { tenantId: string; contactId: string; conversationId: string }): NewNotificationEvent {
  return {
    tenantId: ws.tenantId,
    type: 'conversation.handoff',
    contactId: ws.contactId,
    conversationId: ws.conversationId,
    payload: { contact: { name: 'Ada Lovelace', phone: '+447700900123' }, note: 'Wants a quote for 40 m²' },
    occurredAt: new Date(),
  };
}

async function subscribeBrowser(tenantId: string, userId: string, path: string): Promise<BrowserKeys> {
  const keys = browserKeys();
  await withTenant(prisma, tenantId, (tx) =>
    savePushSubscription(
      tx,
      tenantId,
      userId,
      { endpoint: `${push.base}${path}`, keys: { p256dh: keys.p256dh, auth: keys.auth } },
      'test',
    ),
  );
  return keys;
}

/** These events are fanned out and all their deliveries reached a final state: nothing more will be sent. */
async function settled(eventIds: string[]) {
  const fanned = await prisma.notificationEvent.count({
    where: { id: { in: eventIds }, fannedOutAt: { not: null } },
  });
  if (fanned < eventIds.length) return false;
  const open = await prisma.notificationDelivery.count({
    where: { eventId: { in: eventIds }, status: { in: ['pending', 'sending'] } },
  });
  return open === 0;
}

const mailsTo = (email: string) =>
  mailbox.mails.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === email);

describe('a handoff', () => {
  it('sends exactly one e-mail and one push to each opted-in agent, and nothing to others', async () => {
    const ws = await workspace('Acme', [
      ['ana', 'agent'],
      ['ben', 'agent'],
      ['vic', 'viewer'],
    ]);
    const anaKeys = await subscribeBrowser(ws.tenantId, ws.users.ana!.id, `/ana-${ws.tenantId}`);
    await subscribeBrowser(ws.tenantId, ws.users.ben!.id, `/ben-${ws.tenantId}`);
    // Ben wants handoffs on his browser only.
    await withTenant(prisma, ws.tenantId, (tx) =>
      savePreferences(tx, ws.tenantId, ws.users.ben!.id, {
        events: { 'conversation.handoff': { email: false, push: true } },
        quietHours: null,
        timeZone: 'UTC',
      }),
    );
    const eventId = await record(ws.tenantId, handoff(ws));
    const d = dispatcher();
    await waitFor('all deliveries settled', () => settled([eventId]));
    await d.poll(); // and once more: nothing left to send

    expect(mailsTo(ws.users.ana!.email)).toHaveLength(1);
    expect(mailsTo(ws.users.ben!.email)).toHaveLength(0);
    expect(mailsTo(ws.users.vic!.email)).toHaveLength(0);
    expect(mailbox.mails).toHaveLength(1);
    const mail = mailsTo(ws.users.ana!.email)[0]!;
    expect(mail.subject).toBe('Ada Lovelace (+447700900123) is waiting for a person');
    expect(mail.text).toContain(`${APP_URL}/inbox/${ws.conversationId}`);
    expect(mail.html).toContain(`href="${APP_URL}/inbox/${ws.conversationId}"`);

    const pushes = push.received.filter((r) => r.path.endsWith(ws.tenantId));
    expect(pushes.map((r) => r.path).sort()).toEqual([`/ana-${ws.tenantId}`, `/ben-${ws.tenantId}`]);
    const anaPush = pushes.find((r) => r.path.startsWith('/ana'))!;
    expect(anaPush.headers.authorization).toMatch(/^vapid t=/);
    expect(anaKeys.decrypt(anaPush.body)).toEqual({
      title: 'Ada Lovelace (+447700900123) is waiting for a person',
      body: expect.stringContaining('Wants a quote'),
      url: `${APP_URL}/inbox/${ws.conversationId}`,
      tag: ws.conversationId,
    });
    const deliveries = await prisma.notificationDelivery.findMany({ where: { eventId } });
    expect(deliveries.map((x) => `${x.channel}:${x.status}`).sort()).toEqual([
      'email:sent',
      'push:sent',
      'push:sent',
    ]);
  });

  it('goes only to the assignee when the conversation is assigned', async () => {
    const ws = await workspace('Assigned', [
      ['ana', 'agent'],
      ['ben', 'agent'],
    ]);
    await prisma.conversation.update({
      where: { id: ws.conversationId },
      data: { assignedUserId: ws.users.ben!.id },
    });
    const eventId = await record(ws.tenantId, handoff(ws));
    dispatcher();
    await waitFor('all deliveries settled', () => settled([eventId]));
    expect(mailbox.mails.map((m) => (m.to as { text: string }).text)).toEqual([ws.users.ben!.email]);
  });
});

describe('privacy and tenancy', () => {
  it('quotes a customer only when the workspace allows it', async () => {
    const ws = await workspace('Quiet Co', [['ana', 'agent']]);
    await prisma.conversation.update({
      where: { id: ws.conversationId },
      data: { assignedUserId: ws.users.ana!.id },
    });
    const reply = (): NewNotificationEvent => ({
      tenantId: ws.tenantId,
      type: 'customer.replied',
      contactId: ws.contactId,
      conversationId: ws.conversationId,
      recipientUserId: ws.users.ana!.id,
      payload: { contact: { name: 'Ada Lovelace', phone: '+447700900123' }, text: 'my card number is 4111' },
      occurredAt: new Date(),
    });
    const first = await record(ws.tenantId, reply());
    dispatcher();
    await waitFor('the first reply mailed', () => settled([first]));
    expect(mailbox.mails).toHaveLength(1);
    expect(mailbox.mails[0]!.text).not.toContain('4111');
    expect(mailbox.mails[0]!.html).not.toContain('4111');

    await withTenant(prisma, ws.tenantId, (tx) =>
      saveWorkspaceSettings(tx, ws.tenantId, {
        digest: { enabled: true, threshold: 5, windowMinutes: 15 },
        includeMessageText: true,
      }),
    );
    const second = await record(ws.tenantId, reply());
    await waitFor('the second reply mailed', () => settled([second]));
    expect(mailbox.mails[1]!.text).toContain('They wrote: “my card number is 4111”');
  });

  it("notifies only the event's own workspace, even when the event names someone else's user", async () => {
    const acme = await workspace('Acme Two', [['ana', 'agent']]);
    const rival = await workspace('Rival', [
      ['rita', 'agent'],
      ['rob', 'owner'],
    ]);
    await subscribeBrowser(rival.tenantId, rival.users.rita!.id, `/rita-${rival.tenantId}`);
    const own = await record(acme.tenantId, handoff(acme));
    // A reply event in Acme that names Rival's user: fan-out runs under Acme's RLS and cannot see her.
    const crossed = await record(acme.tenantId, {
      ...handoff(acme),
      type: 'customer.replied',
      recipientUserId: rival.users.rita!.id,
      payload: { contact: null, text: null },
    });
    dispatcher();
    await waitFor('both events fanned out and settled', async () => {
      const fanned = await prisma.notificationEvent.count({
        where: { id: { in: [own, crossed] }, fannedOutAt: { not: null } },
      });
      return fanned === 2 && (await settled([own, crossed]));
    });
    expect(mailbox.mails.map((m) => (m.to as { text: string }).text)).toEqual([acme.users.ana!.email]);
    expect(push.received.filter((r) => r.path.includes(rival.tenantId))).toHaveLength(0);
    expect(await prisma.notificationDelivery.count({ where: { tenantId: rival.tenantId } })).toBe(0);
    expect(await prisma.notificationDelivery.count({ where: { eventId: crossed } })).toBe(0);
  });
});

describe('a finished campaign', () => {
  it('goes to its author and the managers, but not to an author who is now an agent (as their settings show)', async () => {
    const ws = await workspace('Campaigns', [
      ['olga', 'owner'],
      ['eddie', 'editor'],
      ['ana', 'agent'],
    ]);
    const finished = (authorId: string): NewNotificationEvent => ({
      tenantId: ws.tenantId,
      type: 'campaign.finished',
      recipientUserId: authorId,
      payload: { campaignId: randomUUID(), name: 'Spring', sent: 2, skipped: 0 },
      occurredAt: new Date(),
    });
    const byEditor = await record(ws.tenantId, finished(ws.users.eddie!.id));
    const byAgent = await record(ws.tenantId, finished(ws.users.ana!.id));
    dispatcher();
    await waitFor('both events settled', () => settled([byEditor, byAgent]));
    const told = async (eventId: string) =>
      (await prisma.notificationDelivery.findMany({ where: { eventId, channel: 'email' } }))
        .map((d) => d.userId)
        .sort();
    expect(await told(byEditor)).toEqual([ws.users.olga!.id, ws.users.eddie!.id].sort());
    expect(await told(byAgent)).toEqual([ws.users.olga!.id]);
  });
});

describe('channel alerts from channel health', () => {
  it('tell the managers once of a rejected template and a quality drop', async () => {
    const ws = await workspace('Alerts', [
      ['olga', 'owner'],
      ['ana', 'agent'],
    ]);
    const channel = await prisma.channel.findFirstOrThrow({ where: { tenantId: ws.tenantId } });
    await prisma.channelAlert.createMany({
      data: [
        {
          tenantId: ws.tenantId,
          channelId: channel.id,
          kind: 'template_rejected',
          payload: { templateId: randomUUID(), name: 'spring_offer', language: 'en', reason: 'PROMOTIONAL' },
        },
        {
          tenantId: ws.tenantId,
          channelId: channel.id,
          kind: 'quality_dropped',
          payload: { event: 'FLAGGED', qualityRating: 'RED', messagingTier: 'TIER_1K', previousTier: null },
        },
      ],
    });
    const d = dispatcher();
    await waitFor('both alerts mailed', () => mailsTo(ws.users.olga!.email).length === 2);
    await d.poll();
    const alerts = await prisma.channelAlert.findMany({ where: { tenantId: ws.tenantId } });
    expect(alerts.every((a) => a.notifiedAt !== null)).toBe(true);
    const ids = (await prisma.notificationEvent.findMany({ where: { tenantId: ws.tenantId } })).map(
      (e) => e.id,
    );
    expect(ids).toHaveLength(2);
    await waitFor('settled', () => settled(ids));
    expect(mailsTo(ws.users.ana!.email)).toHaveLength(0);
    expect(
      mailsTo(ws.users.olga!.email)
        .map((m) => m.subject)
        .sort(),
    ).toEqual(['Template “spring_offer” was rejected', 'WhatsApp number +15550100000 lost quality']);
    expect(mailsTo(ws.users.olga!.email).find((m) => m.subject?.startsWith('WhatsApp'))!.text).toContain(
      'to low',
    );
  });
});

describe('paused and disabled templates', () => {
  it('tell the managers, from Meta’s template status webhook, what stopped and why', async () => {
    const ws = await workspace('Paused', [
      ['olga', 'owner'],
      ['eddie', 'editor'],
      ['ana', 'agent'],
    ]);
    const wabaId = `waba-${randomUUID().slice(0, 8)}`;
    const channel = await prisma.channel.findFirstOrThrow({ where: { tenantId: ws.tenantId } });
    await prisma.channel.update({ where: { id: channel.id }, data: { provider: 'meta', wabaId } });
    for (const name of ['autumn_sale', 'winter_sale']) {
      await prisma.template.create({
        data: {
          tenantId: ws.tenantId,
          channelId: channel.id,
          name,
          language: 'en',
          category: 'marketing',
          status: 'approved',
          components: [],
        },
      });
    }
    const at = new Date();
    // The webhook as the API hands it to channel health: PAUSED, DISABLED, and a repeat that changes nothing.
    const base = { kind: 'template_status' as const, wabaId, language: 'en' };
    await applyTemplateStatus(prisma, { ...base, templateName: 'autumn_sale', event: 'PAUSED' }, at);
    await applyTemplateStatus(
      prisma,
      { ...base, templateName: 'winter_sale', event: 'DISABLED', reason: 'LOW_QUALITY' },
      at,
    );
    await applyTemplateStatus(prisma, { ...base, templateName: 'autumn_sale', event: 'PAUSED' }, at);

    dispatcher();
    await waitFor('both mailed to the owner and the editor', () =>
      [ws.users.olga!, ws.users.eddie!].every((u) => mailsTo(u.email).length === 2),
    );
    const ids = (await prisma.notificationEvent.findMany({ where: { tenantId: ws.tenantId } })).map(
      (e) => e.id,
    );
    expect(ids).toHaveLength(2);
    await waitFor('settled', () => settled(ids));
    expect(mailsTo(ws.users.ana!.email)).toHaveLength(0);
    const mails = mailsTo(ws.users.olga!.email).sort((a, b) => a.subject!.localeCompare(b.subject!));
    expect(mails.map((m) => m.subject)).toEqual([
      'Template “autumn_sale” was paused',
      'Template “winter_sale” was disabled',
    ]);
    expect(mails[0]!.text).toContain('cannot be sent until WhatsApp lifts the pause');
    expect(mails[1]!.text).toContain('LOW_QUALITY');
    expect(mails[1]!.text).toContain('can no longer be sent');
  });
});

describe('quiet hours', () => {
  it('hold notifications until they end in the person’s time zone, then send them', async () => {
    const ws = await workspace('Night Shift', [['ana', 'agent']]);
    await subscribeBrowser(ws.tenantId, ws.users.ana!.id, `/ana-${ws.tenantId}`);
    // 23:30 in Tokyo (14:30 UTC); quiet hours 22:00–07:00 Tokyo time end at 22:00 UTC.
    clock = new Date('2026-12-06T14:30:00Z');
    await withTenant(prisma, ws.tenantId, (tx) =>
      savePreferences(tx, ws.tenantId, ws.users.ana!.id, {
        events: {},
        quietHours: { start: '22:00', end: '07:00' },
        timeZone: 'Asia/Tokyo',
      }),
    );
    const eventId = await record(ws.tenantId, handoff(ws));
    const d = dispatcher();
    await waitFor('both deliveries held', async () => {
      const held = await prisma.notificationDelivery.findMany({
        where: { eventId, heldUntil: { not: null } },
      });
      return held.length === 2;
    });
    const held = await prisma.notificationDelivery.findMany({ where: { eventId } });
    expect(held.map((x) => [x.status, x.nextAttemptAt.toISOString()])).toEqual([
      ['pending', '2026-12-06T22:00:00.000Z'],
      ['pending', '2026-12-06T22:00:00.000Z'],
    ]);
    await d.poll();
    expect(mailbox.mails).toHaveLength(0);
    expect(push.received.filter((r) => r.path.includes(ws.tenantId))).toHaveLength(0);

    clock = new Date('2026-12-06T22:00:05Z');
    await waitFor('sent once the quiet hours ended', () => settled([eventId]));
    expect(mailsTo(ws.users.ana!.email)).toHaveLength(1);
    expect(push.received.filter((r) => r.path.includes(ws.tenantId))).toHaveLength(1);
  });
});

describe('digest', () => {
  it('groups 20 leads arriving together into one e-mail per person', async () => {
    const ws = await workspace('Busy', [
      ['ana', 'agent'],
      ['olga', 'owner'],
    ]);
    const ids: string[] = [];
    for (let i = 1; i <= 20; i += 1) {
      ids.push(
        await record(ws.tenantId, {
          tenantId: ws.tenantId,
          type: 'lead.captured',
          contactId: ws.contactId,
          payload: {
            contact: { name: `Lead ${i}`, phone: `+4477009001${String(i).padStart(2, '0')}` },
            flow: 'quote',
          },
          occurredAt: new Date(),
        }),
      );
    }
    dispatcher();
    await waitFor('all leads settled', () => settled(ids), 20_000);
    expect(mailsTo(ws.users.ana!.email)).toHaveLength(1);
    expect(mailsTo(ws.users.olga!.email)).toHaveLength(1);
    const digest = mailsTo(ws.users.ana!.email)[0]!;
    expect(digest.subject).toBe('20 new notifications in Busy');
    for (const i of [1, 7, 20]) expect(digest.text).toContain(`New lead: Lead ${i} (`);
    const rows = await prisma.notificationDelivery.findMany({
      where: { eventId: { in: ids }, userId: ws.users.ana!.id },
    });
    expect(new Set(rows.map((r) => r.digestId)).size).toBe(1);
    expect(rows.every((r) => r.status === 'sent' && r.digestId)).toBe(true);
  });

  it('sends each mail on its own when the workspace turned digests off', async () => {
    const ws = await workspace('No Digest', [['ana', 'agent']]);
    await withTenant(prisma, ws.tenantId, (tx) =>
      saveWorkspaceSettings(tx, ws.tenantId, {
        digest: { enabled: false, threshold: 5, windowMinutes: 15 },
        includeMessageText: false,
      }),
    );
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) ids.push(await record(ws.tenantId, handoff(ws)));
    dispatcher();
    await waitFor('all settled', () => settled(ids), 20_000);
    expect(mailsTo(ws.users.ana!.email)).toHaveLength(7);
  });
});

describe('push subscriptions', () => {
  it('removes a dead subscription (410) and still delivers to the live one', async () => {
    const ws = await workspace('Two Browsers', [['ana', 'agent']]);
    await subscribeBrowser(ws.tenantId, ws.users.ana!.id, `/old-${ws.tenantId}`);
    await subscribeBrowser(ws.tenantId, ws.users.ana!.id, `/new-${ws.tenantId}`);
    push.answer(`/old-${ws.tenantId}`, 410);
    const eventId = await record(ws.tenantId, handoff(ws));
    dispatcher();
    await waitFor('settled', () => settled([eventId]));
    const left = await prisma.pushSubscription.findMany({ where: { userId: ws.users.ana!.id } });
    expect(left.map((s) => s.endpoint)).toEqual([`${push.base}/new-${ws.tenantId}`]);
    const delivery = await prisma.notificationDelivery.findFirstOrThrow({
      where: { eventId, channel: 'push' },
    });
    expect(delivery.status).toBe('sent');
  });

  it('records the push as skipped when every browser unsubscribed (404)', async () => {
    const ws = await workspace('Gone', [['ana', 'agent']]);
    await subscribeBrowser(ws.tenantId, ws.users.ana!.id, `/gone-${ws.tenantId}`);
    push.answer(`/gone-${ws.tenantId}`, 404);
    const eventId = await record(ws.tenantId, handoff(ws));
    dispatcher();
    await waitFor('settled', () => settled([eventId]));
    expect(await prisma.pushSubscription.count({ where: { userId: ws.users.ana!.id } })).toBe(0);
    const delivery = await prisma.notificationDelivery.findFirstOrThrow({
      where: { eventId, channel: 'push' },
    });
    expect(delivery).toMatchObject({
      status: 'skipped',
      lastError: 'no browser subscribed to push any more',
    });
  });
});

describe('durability', () => {
  it('sets a malformed job aside at once with one line that names it, not its payload', async () => {
    const reported: Array<{ error: unknown; context: string }> = [];
    const prefix = `notify-test-${randomUUID().slice(0, 8)}`;
    const d = new NotificationsDispatcher({
      prisma,
      redis: REDIS,
      queuePrefix: prefix,
      appUrl: APP_URL,
      pollMs: 30,
      onError: (error, context) => reported.push({ error, context }),
    });
    dispatchers.push(d);
    d.start();
    const queue = new Queue(NOTIFICATIONS_QUEUE, { connection: REDIS, prefix });
    try {
      await queue.add(
        'notify',
        { tenantId: 'everyone', deliveryId: 7, note: 'private-text' },
        { jobId: 'forged-1', attempts: 10, backoff: { type: 'fixed', delay: 10 } },
      );
      await waitFor('the job set aside', async () => Boolean((await queue.getJob('forged-1'))?.failedReason));
      const job = (await queue.getJob('forged-1'))!;
      expect(await job.getState()).toBe('failed');
      expect(job.attemptsMade).toBe(1);
      expect(reported.map((r) => [r.context, String(r.error)])).toEqual([
        [
          'malformed job',
          expect.stringMatching(
            /job forged-1 on queue "notifications" set aside, not retried: malformed payload \(tenantId: invalid_format; deliveryId: invalid_type\)/,
          ),
        ],
      ]);
      expect(String(reported[0]!.error)).not.toContain('private-text');
    } finally {
      await queue.close();
    }
  });

  it('retries an e-mail the server refused, with backoff', async () => {
    const ws = await workspace('Retry', [['ana', 'agent']]);
    mailbox.refuseNext(1);
    clock = new Date();
    const eventId = await record(ws.tenantId, handoff(ws));
    dispatcher();
    await waitFor('the refusal recorded', async () => {
      const row = await prisma.notificationDelivery.findFirst({
        where: { eventId, attempts: 1, status: 'pending' },
      });
      return row !== null;
    });
    const row = await prisma.notificationDelivery.findFirstOrThrow({ where: { eventId } });
    expect(row.lastError).toMatch(/451/);
    expect(row.nextAttemptAt.getTime() - clock.getTime()).toBeGreaterThanOrEqual(60_000);
    expect(mailbox.mails).toHaveLength(0);
    clock = new Date(clock.getTime() + 61_000);
    await waitFor('sent on the second attempt', () => settled([eventId]));
    expect(mailsTo(ws.users.ana!.email)).toHaveLength(1);
    expect(await prisma.notificationDelivery.findFirstOrThrow({ where: { eventId } })).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
  });

  it('never sends twice when the process dies between sending and recording, or a job runs twice', async () => {
    const ws = await workspace('Crash', [['ana', 'agent']]);
    const eventId = await record(ws.tenantId, handoff(ws));
    const real = smtpMailSender(mailbox.url, 'Leadline <notify@leadline.test>');
    // The mail goes out, then the process "dies": the send never reports back.
    const dying: MailSender = {
      send: async (message) => {
        await real.send(message);
        await new Promise(() => undefined);
      },
    };
    const first = dispatcher({ mail: dying });
    await waitFor('the mail sent by the dying process', () => mailbox.mails.length === 1);
    await first.stop(200);
    dispatchers.splice(dispatchers.indexOf(first), 1);

    // A fresh process that re-queues anything queued at once, and calls sends older than 1 s interrupted.
    const second = dispatcher({ requeueAfterMs: 0, interruptedAfterMs: 1_000 });
    const row = await prisma.notificationDelivery.findFirstOrThrow({ where: { eventId } });
    expect(row.status).toBe('sending');
    // The same job delivered again (a BullMQ stall, a duplicate): it finds the row claimed.
    const outcome = await attemptNotification(
      { prisma, appUrl: APP_URL, now, mail: real },
      { tenantId: ws.tenantId, deliveryId: row.id },
    );
    expect(outcome).toBe('skipped');
    clock = new Date(Date.now() + 2_000);
    await waitFor('recorded as interrupted', () => settled([eventId]));
    await second.poll();
    expect(mailbox.mails).toHaveLength(1);
    expect(await prisma.notificationDelivery.findFirstOrThrow({ where: { eventId } })).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(/interrupted while sending/),
    });
  });

  it('claims a delivery once when two jobs race for it', async () => {
    const ws = await workspace('Race', [['ana', 'agent']]);
    const eventId = await record(ws.tenantId, handoff(ws));
    const d = dispatcher();
    await d.stop(500); // only its fan-out is wanted here: no workers
    dispatchers.splice(dispatchers.indexOf(d), 1);
    const { fanOutEvents } = await import('../src');
    await fanOutEvents(prisma, new Date());
    const row = await prisma.notificationDelivery.findFirstOrThrow({ where: { eventId } });
    const options = { prisma, appUrl: APP_URL, now, mail: smtpMailSender(mailbox.url, 'x@leadline.test') };
    const job = { tenantId: ws.tenantId, deliveryId: row.id };
    const outcomes = await Promise.all([
      attemptNotification(options, job),
      attemptNotification(options, job),
    ]);
    expect(outcomes.sort()).toEqual(['sent', 'skipped']);
    expect(mailbox.mails).toHaveLength(1);
  });
});
