import { withTenant } from '@leadline/database';
import { Client } from 'pg';
import type { ChannelEvent, DeliveryStatus } from '@leadline/whatsapp';
import { ingestChannelEvent } from '../src';
import { createSoakWorld, type SoakWorld } from './support/soak-world';

/**
 * Webhooks that race each other: Meta redelivers, and a new contact's first messages can arrive at
 * once. They meet on the contact row (INSERT ... ON CONFLICT) and on the message row (one monotonic
 * UPDATE), so none fails and the outcome does not depend on their order.
 */
describe('ingest: concurrent webhooks (PostgreSQL)', () => {
  let world: SoakWorld;

  beforeAll(async () => {
    world = await createSoakWorld({ flows: [], maxConnections: 10 });
  });

  afterAll(async () => {
    await world?.drop();
  });

  function message(phone: string, id: string): ChannelEvent {
    return {
      kind: 'message',
      channel: { provider: 'sandbox', phoneNumberId: world.phoneNumberId },
      contact: { waId: phone.slice(1), phone, name: 'Rui' },
      message: { type: 'text', text: `hello ${id}`, providerMessageId: id, at: new Date().toISOString() },
    };
  }

  it('records a new contact once when its first webhooks arrive together, duplicates included', async () => {
    const phone = '+351917770001';
    const ids = ['wamid.race.1', 'wamid.race.2', 'wamid.race.3', 'wamid.race.4'];
    // Each message twice (a redelivery), all at the same time.
    const outcomes = await Promise.all(
      [...ids, ...ids].map((id) => ingestChannelEvent(world.prisma, message(phone, id))),
    );
    const counts = outcomes.reduce<Record<string, number>>((acc, o) => {
      acc[o.outcome] = (acc[o.outcome] ?? 0) + 1;
      return acc;
    }, {});
    expect(counts).toEqual({ accepted: 4, duplicate: 4 });
    await withTenant(world.prisma, world.tenantId, async (tx) => {
      expect(await tx.contact.count({ where: { phone } })).toBe(1);
      expect(await tx.conversation.count({ where: { contact: { phone } } })).toBe(1);
      expect(await tx.message.count({ where: { contact: { phone } } })).toBe(4);
      expect(await tx.contactEvent.count({ where: { contact: { phone } } })).toBe(4);
    });
  });

  it('ends on the highest status whatever order concurrent status webhooks arrive in', async () => {
    const phone = '+351917770002';
    expect((await ingestChannelEvent(world.prisma, message(phone, 'wamid.race.in'))).outcome).toBe(
      'accepted',
    );
    const sent = await withTenant(world.prisma, world.tenantId, async (tx) => {
      const inbound = await tx.message.findFirstOrThrow({ where: { providerMessageId: 'wamid.race.in' } });
      return tx.message.create({
        data: {
          tenantId: world.tenantId,
          conversationId: inbound.conversationId,
          contactId: inbound.contactId,
          channelId: world.channelId,
          direction: 'out',
          type: 'text',
          body: { type: 'text', text: 'hi' },
          status: 'queued',
        },
      });
    });
    const statuses: DeliveryStatus[] = ['read', 'sent', 'delivered', 'sent', 'read', 'delivered'];
    const outcomes = await Promise.all(
      statuses.map((status, i) =>
        ingestChannelEvent(world.prisma, {
          kind: 'status',
          channel: { provider: 'sandbox', phoneNumberId: world.phoneNumberId },
          // The first finds the message by our echoed id; it records the provider's id for the rest.
          providerMessageId: 'wamid.race.out',
          callbackData: sent.id,
          status,
          at: new Date(Date.now() + i).toISOString(),
          recipient: phone,
          windowClosed: false,
        }),
      ),
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(statuses.map(() => 'recorded'));
    const row = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.message.findUniqueOrThrow({ where: { id: sent.id } }),
    );
    expect(row.status).toBe('read');
    expect(row.providerMessageId).toBe('wamid.race.out');
    expect(row.sentAt && row.deliveredAt && row.readAt).toBeTruthy();
  });

  it("dates a message after the contact's lock, so one that waited for it is not older than one written meanwhile", async () => {
    const phone = '+351917770003';
    expect((await ingestChannelEvent(world.prisma, message(phone, 'wamid.race.first'))).outcome).toBe(
      'accepted',
    );
    // Another transaction holds the contact row (as a concurrent webhook of the same contact does).
    const holder = new Client({ connectionString: world.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT id FROM contacts WHERE tenant_id = $1 AND phone = $2 FOR UPDATE`, [
        world.tenantId,
        phone,
      ]);
      const waiting = ingestChannelEvent(world.prisma, message(phone, 'wamid.race.waited'));
      // Its transaction has started and waits for the lock.
      for (;;) {
        const { rows } = await holder.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND datname = current_database()`,
        );
        if (rows[0].waiting > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const { rows } = await holder.query<{ released: Date }>('SELECT clock_timestamp() AS released');
      await holder.query('COMMIT');
      expect((await waiting).outcome).toBe('accepted');

      const row = await withTenant(world.prisma, world.tenantId, (tx) =>
        tx.message.findFirstOrThrow({ where: { providerMessageId: 'wamid.race.waited' } }),
      );
      // With the column's default (the transaction's start) it would be dated before the release.
      expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(rows[0].released.getTime());
    } finally {
      await holder.end();
    }
  });
});
