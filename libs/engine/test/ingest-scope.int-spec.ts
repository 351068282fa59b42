import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import type { ChannelEvent } from '@leadline/whatsapp';
import { ingestChannelEvent, type ChannelScope } from '../src';

const SHARED_WABA = '300000000000001';

/**
 * The engine's half of issue 16 item 1: an event is applied only to a channel inside the scope the
 * webhook's signature proved, whichever path it takes (message, status, template update).
 */
describe('ingestChannelEvent with a channel scope (PostgreSQL)', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  const channels: Record<'a' | 'b', { id: string; tenantId: string; phoneNumberId: string }> = {} as never;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    for (const [key, digit] of [
      ['a', 1],
      ['b', 2],
    ] as const) {
      const tenant = await prisma.tenant.create({ data: { slug: `scope-${key}`, name: key } });
      const phoneNumberId = `40000000000000${digit}`;
      const channel = await withTenant(prisma, tenant.id, async (tx) => {
        const row = await tx.channel.create({
          data: {
            tenantId: tenant.id,
            provider: 'meta',
            phoneNumberId,
            wabaId: SHARED_WABA,
            displayPhone: `+1555200000${digit}`,
            status: 'active',
          },
        });
        await tx.template.create({
          data: {
            tenantId: tenant.id,
            channelId: row.id,
            name: 'welcome',
            language: 'en',
            category: 'utility',
            status: 'approved',
          },
        });
        return row;
      });
      channels[key] = { id: channel.id, tenantId: tenant.id, phoneNumberId };
    }
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  const only = (...ids: string[]): ChannelScope => ({ kind: 'channels', channelIds: ids });
  const text = (phoneNumberId: string, id: string): ChannelEvent => ({
    kind: 'message',
    channel: { provider: 'meta', phoneNumberId },
    contact: { waId: '447700900500', phone: '+447700900500' },
    message: { id, providerMessageId: id, type: 'text', text: 'STOP', at: new Date().toISOString() },
  });
  const inbound = (tenantId: string) => prisma.message.count({ where: { tenantId, direction: 'in' } });
  const templateStatus = async (tenantId: string) =>
    (await prisma.template.findFirstOrThrow({ where: { tenantId } })).status;

  it("refuses a message to B's number under A's scope and applies it under B's or any", async () => {
    expect(
      await ingestChannelEvent(prisma, text(channels.b.phoneNumberId, 'wamid.1'), only(channels.a.id)),
    ).toEqual({
      outcome: 'foreign_channel',
    });
    expect(await inbound(channels.b.tenantId)).toBe(0);
    expect(await prisma.contact.count({ where: { tenantId: channels.b.tenantId } })).toBe(0);
    expect(
      await ingestChannelEvent(prisma, text(channels.b.phoneNumberId, 'wamid.1'), only(channels.b.id)),
    ).toMatchObject({
      outcome: 'accepted',
      tenantId: channels.b.tenantId,
    });
    expect(await ingestChannelEvent(prisma, text(channels.b.phoneNumberId, 'wamid.2'))).toMatchObject({
      outcome: 'accepted',
    });
    expect(await inbound(channels.b.tenantId)).toBe(2);
  });

  it("refuses a status on B's channel under A's scope", async () => {
    const status: ChannelEvent = {
      kind: 'status',
      channel: { provider: 'meta', phoneNumberId: channels.b.phoneNumberId },
      providerMessageId: 'wamid.out',
      status: 'failed',
      at: new Date().toISOString(),
      recipient: '+447700900500',
      windowClosed: false,
    };
    expect(await ingestChannelEvent(prisma, status, only(channels.a.id))).toEqual({
      outcome: 'foreign_channel',
    });
    expect(await ingestChannelEvent(prisma, status, only(channels.b.id))).toEqual({
      outcome: 'unknown_message',
    });
  });

  it('updates templates only on the channels of a shared WABA that the scope holds', async () => {
    const update = (event: string): ChannelEvent => ({
      kind: 'template_status',
      wabaId: SHARED_WABA,
      templateName: 'welcome',
      language: 'en',
      event,
    });
    expect(await ingestChannelEvent(prisma, update('REJECTED'), only(channels.a.id))).toEqual({
      outcome: 'recorded',
    });
    expect([await templateStatus(channels.a.tenantId), await templateStatus(channels.b.tenantId)]).toEqual([
      'rejected',
      'approved',
    ]);
    expect(
      await ingestChannelEvent(prisma, update('PAUSED'), only('00000000-0000-0000-0000-000000000000')),
    ).toEqual({
      outcome: 'foreign_channel',
    });
    expect(await templateStatus(channels.b.tenantId)).toBe('approved');
    expect(await ingestChannelEvent(prisma, { ...update('PAUSED'), wabaId: '999' } as ChannelEvent)).toEqual({
      outcome: 'unknown_channel',
    });
  });
});
