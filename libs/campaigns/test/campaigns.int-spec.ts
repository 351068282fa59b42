import { withTenant, type TenantTransaction } from '@leadline/database';
import { publishCommitted, systemClock } from '@leadline/engine';
import { fanOutEvents, renderEvent } from '@leadline/notifications';
import type { MessageEvent } from '@leadline/whatsapp';
import { DEFAULT_META_PHONE } from '../../../tools/fake-whatsapp';
import { waitFor } from '../../engine/test/support/engine-harness';
import { startMetaEngineWorld, type MetaEngineWorld } from '../../engine/test/support/meta-engine-world';
import { installStatementCounter } from '../../engine/test/support/statement-counter';
import {
  CampaignDispatcher,
  campaignStats,
  cancelCampaign,
  createCampaign,
  dispatchBatch,
  pauseCampaign,
  resumeCampaign,
  startCampaign,
  tierRemaining,
  type CreateCampaignInput,
} from '../src';

/** The flow that takes over replies: thanks the contact, then ends (the run completes). */
const FOLLOW_UP = {
  format: 'leadline.flow/v1',
  id: 'offer-follow-up',
  name: 'offer-follow-up',
  nodes: [
    {
      id: 'start',
      type: 'trigger',
      data: { on: 'keyword', keywords: ['never-typed-keyword'], match: 'exact' },
    },
    { id: 'thanks', type: 'message', data: { text: 'Thanks! A colleague will send you the details.' } },
  ],
  edges: [{ id: 'e0', source: 'start', sourceHandle: 'next', target: 'thanks' }],
};

/** The flow a "Call me" button starts: it answers differently, so the test sees which flow ran. */
const CALL_BACK = {
  format: 'leadline.flow/v1',
  id: 'call-back',
  name: 'call-back',
  nodes: [
    { id: 'start', type: 'trigger', data: { on: 'keyword', keywords: ['never-typed-too'], match: 'exact' } },
    { id: 'call', type: 'message', data: { text: 'We will call you within the hour.' } },
  ],
  edges: [{ id: 'e0', source: 'start', sourceHandle: 'next', target: 'call' }],
};

const BODY = 'Hi {{1}}, our spring offer: 20% off until Sunday.';

describe('campaigns: a template broadcast through the engine send path', () => {
  let world: MetaEngineWorld;
  let clock = new Date();
  let dispatcher: CampaignDispatcher;
  const errors: unknown[] = [];

  const inTenant = <T>(work: (tx: TenantTransaction) => Promise<T>) =>
    withTenant(world.prisma, world.tenantId, work, { timeout: 30_000 });

  beforeAll(async () => {
    world = await startMetaEngineWorld({ flows: [FOLLOW_UP, CALL_BACK] });
    // A template with a photo header: the campaign gives the photo, the fake checks the header is sent.
    const photoHeader = [
      { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['https://cdn.example.com/x.jpg'] } },
      { type: 'BODY', text: BODY },
    ];
    world.fake.addTemplate({
      wabaId: DEFAULT_META_PHONE.wabaId,
      name: 'photo_offer',
      language: 'en',
      category: 'MARKETING',
      components: [photoHeader[0], { ...photoHeader[1], example: { body_text: [['Rita']] } }],
      status: 'APPROVED',
    });
    await inTenant((tx) =>
      tx.template.create({
        data: {
          tenantId: world.tenantId,
          channelId: world.channelId,
          name: 'photo_offer',
          language: 'en',
          category: 'marketing',
          status: 'approved',
          components: photoHeader,
        },
      }),
    );
    for (const [name, category] of [
      ['spring_offer', 'MARKETING'],
      ['order_update', 'UTILITY'],
    ] as const) {
      world.fake.addTemplate({
        wabaId: DEFAULT_META_PHONE.wabaId,
        name,
        language: 'en',
        category,
        components: [{ type: 'BODY', text: BODY, example: { body_text: [['Rita']] } }],
        status: 'APPROVED',
      });
      await inTenant((tx) =>
        tx.template.create({
          data: {
            tenantId: world.tenantId,
            channelId: world.channelId,
            name,
            language: 'en',
            category: category === 'MARKETING' ? 'marketing' : 'utility',
            status: 'approved',
            components: [{ type: 'BODY', text: BODY }],
          },
        }),
      );
    }
    dispatcher = new CampaignDispatcher({
      prisma: world.prisma,
      publish: (tenantId, rows) =>
        publishCommitted(world.prisma, world.engine.queue, systemClock, tenantId, rows),
      now: () => clock,
      onError: (error) => errors.push(error),
    });
  });

  afterAll(async () => {
    await world?.stop();
  });

  afterEach(() => expect(errors).toEqual([]));

  async function contacts(tag: string, list: Array<{ phone: string; name?: string; optOut?: boolean }>) {
    await inTenant((tx) =>
      tx.contact.createMany({
        data: list.map((c) => ({
          tenantId: world.tenantId,
          phone: c.phone,
          name: c.name ?? null,
          tags: [tag],
          optInState: c.optOut ? 'opted_out' : 'opted_in',
        })),
      }),
    );
  }

  async function campaign(tag: string, extra: Partial<CreateCampaignInput> = {}, createdBy?: string) {
    const { id } = await inTenant((tx) =>
      createCampaign(
        tx,
        world.tenantId,
        {
          name: `Spring ${tag}`,
          templateName: 'spring_offer',
          language: 'en',
          audience: { tags: [tag] },
          params: { body: [{ field: 'name' }] },
          ratePerSecond: 1000,
          ...extra,
        },
        clock,
        createdBy ?? null,
      ),
    );
    return id;
  }

  const stats = (id: string) =>
    inTenant((tx) => campaignStats(tx, id, clock)) as Promise<
      NonNullable<Awaited<ReturnType<typeof campaignStats>>>
    >;
  const received = (phone: string) =>
    world.fake.received(phone).filter((m) => m.template?.name === 'spring_offer');

  /** Ticks the dispatcher (one simulated second apart) until the campaign has no one waiting. */
  async function dispatchAll(id: string) {
    for (let i = 0; i < 50; i++) {
      clock = new Date(clock.getTime() + 1_000);
      await dispatcher.tick();
      const s = await stats(id);
      if (s.pending === 0) return s;
    }
    throw new Error('campaign never finished dispatching');
  }

  it('tells its author and the owners and admins, once, when it finishes', async () => {
    const people = await inTenant(async (tx) => {
      const made: Record<string, string> = {};
      for (const role of ['owner', 'admin', 'editor', 'agent'] as const) {
        for (const n of [1, 2]) {
          const user = await tx.user.create({
            data: { tenantId: world.tenantId, email: `${role}${n}@shop.test`, passwordHash: 'x', role },
          });
          made[`${role}${n}`] = user.id;
        }
      }
      return made;
    });
    await contacts('finish', [
      { phone: '+351937000001', name: 'Rita' },
      { phone: '+351937000002', name: 'Bruno' },
      { phone: '+351937000003', name: 'Carla', optOut: true },
    ]);
    const id = await campaign('finish', {}, people.editor1);
    await inTenant((tx) => startCampaign(tx, world.tenantId, id, clock));
    const finished = () =>
      inTenant((tx) => tx.notificationEvent.findMany({ where: { type: 'campaign.finished' } }));
    await dispatchAll(id);
    clock = new Date(clock.getTime() + 1_000);
    await dispatcher.tick();
    expect((await stats(id)).status).toBe('completed');
    await dispatcher.tick(); // A completed campaign is not completed (nor told of) again.
    const events = (await finished()).filter((e) => (e.payload as { campaignId: string }).campaignId === id);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ name: 'Spring finish', sent: 2, skipped: 1 });

    await fanOutEvents(world.prisma, clock);
    const deliveries = await inTenant((tx) =>
      tx.notificationDelivery.findMany({ where: { eventId: events[0]!.id, channel: 'email' } }),
    );
    expect(deliveries.map((d) => d.userId).sort()).toEqual(
      [people.owner1, people.owner2, people.admin1, people.admin2, people.editor1].sort(),
    );
    const rendered = renderEvent(
      {
        ...events[0]!,
        type: 'campaign.finished',
        recipientUserId: people.editor1!,
        payload: { campaignId: id, name: 'Spring finish', sent: 2, skipped: 1 },
      },
      { appUrl: 'https://app.test', workspaceName: 'Shop', includeMessageText: false },
    );
    expect(rendered.body).toContain('2 messages sent, 1 contact skipped');
    expect(rendered.url).toBe(`https://app.test/campaigns/${id}`);
  });

  it('sends the template once to each opted-in contact, skips opted-out, +1 and unfillable ones, and counts them', async () => {
    await contacts('spring', [
      { phone: '+351910000001', name: 'Rita' },
      { phone: '+351910000002', name: 'Bruno' },
      { phone: '+351910000003', name: 'Carla', optOut: true },
      { phone: '+14155550100', name: 'Sam' },
      { phone: '+351910000004' },
    ]);
    const id = await campaign('spring');
    expect(await inTenant((tx) => startCampaign(tx, world.tenantId, id, clock))).toEqual({
      status: 'running',
    });
    await dispatchAll(id);
    await waitFor('both messages sent', async () => (await stats(id)).sent === 2 || undefined);
    expect(received('+351910000001')).toHaveLength(1);
    expect(JSON.stringify(received('+351910000001')[0].body)).toContain('Rita');
    expect(received('+351910000002')).toHaveLength(1);
    expect(world.fake.received('+351910000003')).toHaveLength(0);
    expect(world.fake.received('+14155550100')).toHaveLength(0);
    expect(world.fake.received('+351910000004')).toHaveLength(0);
    clock = new Date(clock.getTime() + 1_000);
    await dispatcher.tick();
    expect(await stats(id)).toMatchObject({
      status: 'completed',
      recipients: 5,
      sent: 2,
      failed: 0,
      skipped: { optedOut: 1, tierLimit: 0, invalid: 1, marketingToUs: 1 },
    });
  });

  it('routes a reply into the chosen flow, and counts delivered, read, replied and completed', async () => {
    await contacts('reply', [{ phone: '+351920000001', name: 'Diana' }]);
    const id = await campaign('reply', { flowKey: 'offer-follow-up' });
    await inTenant((tx) => startCampaign(tx, world.tenantId, id, clock));
    await dispatchAll(id);
    const sent = await waitFor('the campaign message', () => received('+351920000001')[0]);
    for (const status of ['delivered', 'read'] as const) {
      await world.client.ingest({
        kind: 'status',
        channel: { provider: 'meta', phoneNumberId: world.phoneNumberId },
        providerMessageId: sent.wamid,
        status,
        at: new Date().toISOString(),
        recipient: '+351920000001',
        windowClosed: false,
      });
    }
    const { wamid } = world.fake.userSends({ from: '+351920000001', text: 'Yes please, tell me more' });
    const reply: MessageEvent = {
      kind: 'message',
      channel: { provider: 'meta', phoneNumberId: world.phoneNumberId },
      contact: { waId: '351920000001', phone: '+351920000001', name: 'Diana' },
      message: {
        type: 'text',
        text: 'Yes please, tell me more',
        providerMessageId: wamid,
        at: new Date().toISOString(),
      },
    };
    await world.client.ingest(reply);
    await waitFor(
      'the follow-up flow answered',
      () =>
        world.fake
          .received('+351920000001')
          .some((m) => JSON.stringify(m.body).includes('A colleague will send')) || undefined,
    );
    const s = await waitFor('the follow-up run completed', async () => {
      const current = await stats(id);
      return current.completed === 1 ? current : undefined;
    });
    expect(s).toMatchObject({ sent: 1, delivered: 1, read: 1, replied: 1, completed: 1 });
  });

  it("routes a quick-reply button to that button's flow, and any other reply to the campaign's flow", async () => {
    await contacts('buttons', [
      { phone: '+351920000011', name: 'Beatriz' },
      { phone: '+351920000012', name: 'Carla' },
    ]);
    const id = await campaign('buttons', {
      flowKey: 'offer-follow-up',
      buttonFlows: { 'Call me': 'call-back' },
    });
    await inTenant((tx) => startCampaign(tx, world.tenantId, id, clock));
    await dispatchAll(id);
    const answer = async (phone: string, message: MessageEvent['message']) => {
      await waitFor('the campaign message', () => received(phone)[0]);
      await world.client.ingest({
        kind: 'message',
        channel: { provider: 'meta', phoneNumberId: world.phoneNumberId },
        contact: { waId: phone.slice(1), phone },
        message,
      });
    };
    const at = new Date().toISOString();
    await answer('+351920000011', {
      type: 'button',
      text: 'Call me',
      buttonId: 'CALL_ME',
      providerMessageId: 'wamid.button-1',
      at,
    });
    await answer('+351920000012', { type: 'text', text: 'How much?', providerMessageId: 'wamid.text-2', at });
    const said = (phone: string, text: string) => () =>
      world.fake.received(phone).some((m) => JSON.stringify(m.body).includes(text)) || undefined;
    await waitFor('the button started its flow', said('+351920000011', 'We will call you within the hour.'));
    await waitFor('the text went to the campaign flow', said('+351920000012', 'A colleague will send'));
    expect(said('+351920000011', 'A colleague will send')()).toBeUndefined();
    expect(said('+351920000012', 'We will call you')()).toBeUndefined();
    const runs = await inTenant((tx) =>
      tx.campaignRecipient.findMany({
        where: { campaignId: id },
        select: {
          contact: { select: { phone: true } },
          run: { select: { flow: { select: { key: true } } } },
        },
      }),
    );
    expect(Object.fromEntries(runs.map((row) => [row.contact.phone, row.run?.flow.key]))).toEqual({
      '+351920000011': 'call-back',
      '+351920000012': 'offer-follow-up',
    });

    // A button routed to a flow that is not published is refused when the campaign is created.
    await expect(
      campaign('buttons', { name: 'Broken', buttonFlows: { Yes: 'no-such-flow' } }),
    ).rejects.toMatchObject({
      code: 'FLOW_NOT_FOUND',
    });
  });

  it("sends a template's photo header, and refuses a campaign that leaves it out", async () => {
    await contacts('photo', [{ phone: '+351920000021', name: 'Dalia' }]);
    await expect(campaign('photo', { templateName: 'photo_offer' })).rejects.toMatchObject({
      code: 'TEMPLATE_PARAMS',
    });
    await expect(
      campaign('photo', {
        templateName: 'spring_offer',
        name: 'Photo on a text template',
        params: {
          body: [{ field: 'name' }],
          headerMedia: { kind: 'image', url: 'https://cdn.example.com/o.jpg' },
        },
      }),
    ).rejects.toMatchObject({ code: 'TEMPLATE_PARAMS' });
    const id = await campaign('photo', {
      templateName: 'photo_offer',
      params: {
        body: [{ field: 'name' }],
        headerMedia: { kind: 'image', url: 'https://cdn.example.com/spring.jpg' },
      },
    });
    await inTenant((tx) => startCampaign(tx, world.tenantId, id, clock));
    await dispatchAll(id);
    const sent = await waitFor('the photo template', () =>
      world.fake.received('+351920000021').find((m) => m.template?.name === 'photo_offer'),
    );
    expect(sent.status).not.toBe('failed');
    expect((sent.body as { template: { components: unknown[] } }).template.components).toEqual([
      {
        type: 'header',
        parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/spring.jpg' } }],
      },
      { type: 'body', parameters: [{ type: 'text', text: 'Dalia' }] },
    ]);
    const s = await waitFor('sent', async () => {
      const current = await stats(id);
      return current.sent === 1 ? current : undefined;
    });
    expect(s).toMatchObject({ sent: 1, failed: 0 });
  });

  it('stops at the channel tier and carries the rest to the next day', async () => {
    await inTenant((tx) =>
      tx.channel.update({ where: { id: world.channelId }, data: { messagingLimit: 2 } }),
    );
    try {
      await contacts(
        'tier',
        [1, 2, 3, 4, 5].map((n) => ({ phone: `+35193000000${n}`, name: `T${n}` })),
      );
      // The day's allowance is counted over every campaign of the channel: start fresh a day later.
      clock = new Date(clock.getTime() + 25 * 3600_000);
      const id = await campaign('tier', { templateName: 'order_update' });
      await inTenant((tx) => startCampaign(tx, world.tenantId, id, clock));
      for (let i = 0; i < 3; i++) {
        clock = new Date(clock.getTime() + 1_000);
        await dispatcher.tick();
      }
      expect(await stats(id)).toMatchObject({ status: 'running', pending: 3, skipped: { tierLimit: 3 } });
      clock = new Date(clock.getTime() + 24 * 3600_000 + 5_000);
      for (let i = 0; i < 3; i++) {
        clock = new Date(clock.getTime() + 1_000);
        await dispatcher.tick();
      }
      expect(await stats(id)).toMatchObject({ pending: 1, skipped: { tierLimit: 1 } });
      await waitFor('four messages out', async () => (await stats(id)).sent === 4 || undefined);
      // Without a limit set on the channel, the tier Meta reported for the number applies (2 reached
      // in the last 24 hours of its 250); a limit set on the channel wins over it.
      await inTenant((tx) =>
        tx.channel.update({
          where: { id: world.channelId },
          data: { messagingLimit: null, messagingTier: 'TIER_250' },
        }),
      );
      await expect(inTenant((tx) => tierRemaining(tx, world.channelId, clock))).resolves.toBe(248);
      await inTenant((tx) =>
        tx.channel.update({ where: { id: world.channelId }, data: { messagingLimit: 5 } }),
      );
      await expect(inTenant((tx) => tierRemaining(tx, world.channelId, clock))).resolves.toBe(3);
    } finally {
      await inTenant((tx) =>
        tx.channel.update({
          where: { id: world.channelId },
          data: { messagingLimit: null, messagingTier: null },
        }),
      );
    }
  });

  it('pauses, resumes and cancels: nobody is messaged while paused, nobody after cancel', async () => {
    await contacts(
      'pause',
      Array.from({ length: 6 }, (_, n) => ({ phone: `+35194000000${n}`, name: `P${n}` })),
    );
    const id = await campaign('pause', { ratePerSecond: 2 });
    await inTenant((tx) => startCampaign(tx, world.tenantId, id, clock));
    clock = new Date(clock.getTime() + 1_000);
    await dispatcher.tick();
    expect((await stats(id)).pending).toBe(4);
    await inTenant((tx) => pauseCampaign(tx, id));
    for (let i = 0; i < 3; i++) {
      clock = new Date(clock.getTime() + 1_000);
      await dispatcher.tick();
    }
    expect((await stats(id)).pending).toBe(4);
    await inTenant((tx) => resumeCampaign(tx, world.tenantId, id, clock));
    clock = new Date(clock.getTime() + 1_000);
    await dispatcher.tick();
    expect((await stats(id)).pending).toBe(2);
    await inTenant((tx) => cancelCampaign(tx, id, clock));
    clock = new Date(clock.getTime() + 1_000);
    await dispatcher.tick();
    await waitFor('four sent', async () => (await stats(id)).sent === 4 || undefined);
    expect(await stats(id)).toMatchObject({ status: 'cancelled', pending: 0, skipped: { cancelled: 2 } });
    const messaged = Array.from({ length: 6 }, (_, n) => received(`+35194000000${n}`).length);
    expect(messaged.sort()).toEqual([0, 0, 1, 1, 1, 1]);
    await expect(inTenant((tx) => resumeCampaign(tx, world.tenantId, id, clock))).rejects.toThrow(
      /cancelled campaign cannot be resumed/,
    );
  });

  it('a crash between claim and send loses no recipient and messages none twice', async () => {
    const phones = Array.from({ length: 8 }, (_, n) => `+35195000000${n}`);
    await contacts(
      'crash',
      phones.map((phone) => ({ phone, name: 'C' })),
    );
    const id = await campaign('crash');
    await inTenant((tx) => startCampaign(tx, world.tenantId, id, clock));
    // A worker dies after claiming 5 recipients, before anything was handed to the send path.
    await expect(
      inTenant((tx) =>
        dispatchBatch(tx, world.tenantId, id, {
          max: 5,
          now: clock,
          afterClaim: async () => {
            throw new Error('worker killed');
          },
        }),
      ),
    ).rejects.toThrow('worker killed');
    expect((await stats(id)).pending).toBe(8);
    // The engine's worker is down while the next batch is queued: its sends wait in the outbox/queue.
    await world.stopEngine();
    await inTenant((tx) => dispatchBatch(tx, world.tenantId, id, { max: 3, now: clock }));
    await world.startEngine();
    dispatcher = new CampaignDispatcher({
      prisma: world.prisma,
      publish: (tenantId, rows) =>
        publishCommitted(world.prisma, world.engine.queue, systemClock, tenantId, rows),
      now: () => clock,
      onError: (error) => errors.push(error),
    });
    await dispatchAll(id);
    await waitFor('all eight sent', async () => (await stats(id)).sent === 8 || undefined, 30_000);
    expect(phones.map((phone) => received(phone).length)).toEqual(phones.map(() => 1));
  });

  it('dispatches a batch in the same few statements whatever its size, and a crash before commit leaves nothing', async () => {
    const phones = Array.from({ length: 30 }, (_, n) => `+3519600000${String(n).padStart(2, '0')}`);
    await contacts(
      'bulk',
      phones.map((phone, n) => ({ phone, name: 'B', optOut: n % 10 === 9 })),
    );
    const id = await campaign('bulk');
    await inTenant((tx) => startCampaign(tx, world.tenantId, id, clock));
    // Nothing else talks to PostgreSQL while the batches are counted.
    await world.stopEngine();
    const counter = installStatementCounter();
    try {
      // A worker dies after a whole batch was written, before its commit: nothing of it remains.
      await expect(
        inTenant(async (tx) => {
          await dispatchBatch(tx, world.tenantId, id, { max: 10, now: clock });
          throw new Error('worker killed');
        }),
      ).rejects.toThrow('worker killed');
      expect(await stats(id)).toMatchObject({ pending: 30, skipped: { optedOut: 0 } });
      counter.take();
      const small = await inTenant((tx) => dispatchBatch(tx, world.tenantId, id, { max: 4, now: clock }));
      const smallCount = counter.take();
      const large = await inTenant((tx) => dispatchBatch(tx, world.tenantId, id, { max: 22, now: clock }));
      const largeCount = counter.take();
      // BEGIN, tenant scope, lock + plan, claim, conversations, the write statement, COMMIT.
      expect(smallCount).toMatchObject({ statements: 7, transactions: 1 });
      expect(largeCount).toMatchObject({ statements: 7, transactions: 1 });
      // Recipients come in contact-id order: which of them are opted out varies from run to run.
      expect(small.queued + small.skipped).toBe(4);
      expect(large.queued + large.skipped).toBe(22);
      // Send jobs of ten messages at most, every queued message in exactly one.
      const jobSizes = (queued: number) =>
        Array.from({ length: Math.ceil(queued / 10) }, (_, n) => Math.min(10, queued - 10 * n));
      const sizes = (rows: typeof large.outbox) =>
        rows.map((row) => (row.payload.messageIds as string[]).length);
      expect(sizes(small.outbox)).toEqual(jobSizes(small.queued));
      expect(sizes(large.outbox)).toEqual(jobSizes(large.queued));
    } finally {
      counter.uninstall();
    }
    await world.startEngine();
    await dispatchAll(id);
    await waitFor('all opted-in sent', async () => (await stats(id)).sent === 27 || undefined, 30_000);
    expect(await stats(id)).toMatchObject({ pending: 0, skipped: { optedOut: 3 } });
    expect(phones.map((phone) => received(phone).length)).toEqual(
      phones.map((_, n) => (n % 10 === 9 ? 0 : 1)),
    );
  });

  it('holds back until a whole second of its rate fits in the send path, then claims it at once', async () => {
    const phones = Array.from({ length: 40 }, (_, n) => `+3519700000${String(n).padStart(2, '0')}`);
    await contacts(
      'backlog',
      phones.map((phone) => ({ phone, name: 'H' })),
    );
    const id = await campaign('backlog', { ratePerSecond: 10 });
    await inTenant((tx) => startCampaign(tx, world.tenantId, id, clock));
    // Nothing is sent meanwhile: the send path holds what was handed to it (at most 2 s = 20).
    await world.stopEngine();
    const paced = new CampaignDispatcher({
      prisma: world.prisma,
      publish: async () => undefined,
      now: () => clock,
      maxBacklogSeconds: 2,
      onError: (error) => errors.push(error),
    });
    const queuedPerTick: number[] = [];
    for (let tick = 0; tick < 3; tick++) {
      clock = new Date(clock.getTime() + 1_000);
      queuedPerTick.push((await paced.tick()).queued);
    }
    expect(queuedPerTick).toEqual([10, 10, 0]);
    await world.startEngine();
    await waitFor('the first twenty sent', async () => (await stats(id)).sent === 20 || undefined, 30_000);
    clock = new Date(clock.getTime() + 1_000);
    expect((await paced.tick()).queued).toBe(10);
    await dispatchAll(id);
    await waitFor('all forty sent', async () => (await stats(id)).sent === 40 || undefined, 30_000);
    expect(phones.map((phone) => received(phone).length)).toEqual(phones.map(() => 1));
  });
});
