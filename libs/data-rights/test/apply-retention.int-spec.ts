import { applyRetention, applyRetentionToAllTenants, type RetentionPolicy } from '../src';
import { useTestPrisma } from './support/test-prisma';
import { seedContact, seedTenant } from './support/seed-contact';

const prisma = useTestPrisma();

const NOW = new Date('2026-11-23T12:00:00Z');
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

const policy: RetentionPolicy = {
  messagesDays: 30,
  runEventsDays: 60,
  auditDays: 90,
  engineEventsDays: 7,
  outboundEventsDays: 14,
};

async function count(sql: string, ...params: unknown[]): Promise<number> {
  const [row] = await prisma().$queryRawUnsafe<Array<{ n: bigint }>>(sql, ...params);
  return Number(row!.n);
}

async function snapshot(tenantId: string) {
  const of = (table: string) =>
    count(`SELECT count(*) AS n FROM "${table}" WHERE tenant_id = $1::uuid`, tenantId);
  return {
    messages: await of('messages'),
    run_events: await of('run_events'),
    audit_logs: await of('audit_logs'),
    contact_events: await of('contact_events'),
    outbox: await of('outbox'),
    outbound_events: await of('outbound_events'),
  };
}

describe('applyRetention', () => {
  it('deletes only rows older than the policy allows, in batches, and never work still to do', async () => {
    const tenant = await seedTenant(prisma());
    const old = await seedContact(prisma(), tenant, '+34600000201', daysAgo(100));
    const fresh = await seedContact(prisma(), tenant, '+34600000202', daysAgo(1));
    const { tenantId } = tenant;
    // Audit rows either side of 90 days; an old pending inbox event; an old outbound event still being retried.
    await prisma().auditLog.createMany({
      data: [
        { tenantId, action: 'flow.published', at: daysAgo(91) },
        { tenantId, action: 'flow.published', at: daysAgo(89) },
      ],
    });
    await prisma().outboxEntry.updateMany({ where: { tenantId }, data: { publishedAt: daysAgo(8) } });
    await prisma().outboxEntry.createMany({
      data: [
        { tenantId, kind: 'send', payload: { still: 'queued' }, createdAt: daysAgo(20) },
        { tenantId, kind: 'send', payload: { recent: true }, publishedAt: daysAgo(1) },
      ],
    });
    const retrying = await prisma().outboundEvent.create({
      data: {
        tenantId,
        type: 'run.completed',
        contactId: old.contactId,
        payload: {},
        occurredAt: daysAgo(100),
      },
    });
    await prisma().webhookDelivery.create({
      data: { tenantId, eventId: retrying.id, subscriptionId: tenant.subscriptionId, status: 'pending' },
    });
    const otherTenant = await seedTenant(prisma(), 'Untouched');
    await seedContact(prisma(), otherTenant, '+34600000203', daysAgo(100));
    const otherBefore = await snapshot(otherTenant.tenantId);

    const deleted = await applyRetention(prisma(), tenantId, policy, NOW, 2);

    // Old contact: 2 sent/received messages go, the queued one stays; fresh contact keeps all 3.
    expect(await count('SELECT count(*) AS n FROM messages WHERE contact_id = $1::uuid', old.contactId)).toBe(
      1,
    );
    expect(
      await count(
        `SELECT count(*) AS n FROM messages WHERE contact_id = $1::uuid AND status = 'queued'`,
        old.contactId,
      ),
    ).toBe(1);
    expect(
      await count('SELECT count(*) AS n FROM messages WHERE contact_id = $1::uuid', fresh.contactId),
    ).toBe(3);
    expect(
      await count('SELECT count(*) AS n FROM run_events WHERE run_id = ANY($1::uuid[])', old.runIds),
    ).toBe(0);
    expect(
      await count('SELECT count(*) AS n FROM run_events WHERE run_id = ANY($1::uuid[])', fresh.runIds),
    ).toBe(4);
    expect(await count(`SELECT count(*) AS n FROM audit_logs WHERE tenant_id = $1::uuid`, tenantId)).toBe(1);
    // Processed inbox events older than 7 days go; the unprocessed lead events stay.
    expect(
      await count('SELECT count(*) AS n FROM contact_events WHERE contact_id = $1::uuid', old.contactId),
    ).toBe(1);
    expect(
      await count('SELECT count(*) AS n FROM contact_events WHERE contact_id = $1::uuid', fresh.contactId),
    ).toBe(2);
    // Published outbox entries 8 days old go; an unpublished one and a recent one stay.
    expect(
      await count(
        'SELECT count(*) AS n FROM outbox WHERE tenant_id = $1::uuid AND published_at IS NULL',
        tenantId,
      ),
    ).toBe(1);
    expect(await count('SELECT count(*) AS n FROM outbox WHERE tenant_id = $1::uuid', tenantId)).toBe(2);
    // Finished old outbound events go with their deliveries; the one still retrying stays.
    expect(await count('SELECT count(*) AS n FROM outbound_events WHERE id = $1::uuid', old.eventId)).toBe(0);
    expect(
      await count('SELECT count(*) AS n FROM webhook_deliveries WHERE event_id = $1::uuid', old.eventId),
    ).toBe(0);
    expect(await count('SELECT count(*) AS n FROM outbound_events WHERE id = $1::uuid', retrying.id)).toBe(1);
    expect(await count('SELECT count(*) AS n FROM outbound_events WHERE id = $1::uuid', fresh.eventId)).toBe(
      1,
    );

    expect(deleted).toEqual({
      messages: 2,
      run_events: 4,
      audit_logs: 1,
      contact_events: 1,
      outbox: 6,
      outbound_events: 1,
    });
    expect(await snapshot(otherTenant.tenantId)).toEqual(otherBefore);
  });

  it('keeps everything when every setting is null', async () => {
    const tenant = await seedTenant(prisma());
    await seedContact(prisma(), tenant, '+34600000301', daysAgo(1000));
    const before = await snapshot(tenant.tenantId);
    const keepAll: RetentionPolicy = {
      messagesDays: null,
      runEventsDays: null,
      auditDays: null,
      engineEventsDays: null,
      outboundEventsDays: null,
    };
    expect(await applyRetention(prisma(), tenant.tenantId, keepAll, NOW)).toEqual({});
    expect(await snapshot(tenant.tenantId)).toEqual(before);
  });

  it("applies each tenant's own settings over the defaults, and skips a tenant with invalid ones", async () => {
    const keepsAuditLonger = await seedTenant(prisma());
    await prisma().tenant.update({
      where: { id: keepsAuditLonger.tenantId },
      data: { settings: { retention: { auditDays: 365 } } },
    });
    const broken = await seedTenant(prisma());
    await prisma().tenant.update({
      where: { id: broken.tenantId },
      data: { settings: { retention: { auditDays: -1 } } },
    });
    for (const tenantId of [keepsAuditLonger.tenantId, broken.tenantId]) {
      await prisma().auditLog.create({ data: { tenantId, action: 'flow.published', at: daysAgo(100) } });
    }
    const outcomes = await applyRetentionToAllTenants(prisma(), policy, NOW);
    const audits = (tenantId: string) =>
      count('SELECT count(*) AS n FROM audit_logs WHERE tenant_id = $1::uuid', tenantId);
    expect(await audits(keepsAuditLonger.tenantId)).toBe(1);
    expect(await audits(broken.tenantId)).toBe(1);
    const failed = outcomes.find((outcome) => outcome.tenantId === broken.tenantId);
    expect(failed).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('retention.auditDays') },
    });
  });
});
