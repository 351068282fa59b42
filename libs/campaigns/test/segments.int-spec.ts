import { createPrismaClient, publishFlowVersion, withTenant, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { countAudience, segmentFilterSchema, type SegmentFilter } from '../src';

const NOW = new Date('2026-12-06T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

describe('segments: saved filters counted in SQL', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let tenantId: string;
  let otherId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    tenantId = (await prisma.tenant.create({ data: { slug: 'seg', name: 'Seg' } })).id;
    otherId = (await prisma.tenant.create({ data: { slug: 'seg-other', name: 'Other' } })).id;
    await withTenant(prisma, otherId, (tx) =>
      tx.contact.create({
        data: { tenantId: otherId, phone: '+351900000000', tags: ['vip'], fields: { stage: 'won' } },
      }),
    );
    await withTenant(prisma, tenantId, async (tx) => {
      const channel = await tx.channel.create({
        data: {
          tenantId,
          provider: 'sandbox',
          phoneNumberId: 'seg-sandbox',
          displayPhone: '+15550100000',
          status: 'active',
        },
      });
      const rows = [
        {
          phone: '+351910000001',
          tags: ['vip', 'lisbon'],
          fields: { city: 'Lisbon' },
          optInState: 'opted_in' as const,
          lastInboundAt: daysAgo(1),
        },
        {
          phone: '+351910000002',
          tags: ['vip'],
          fields: { stage: 'old', city: 'Porto' },
          optInState: 'opted_out' as const,
          lastInboundAt: daysAgo(40),
        },
        {
          phone: '+351910000003',
          tags: ['lisbon'],
          fields: { stage: 'lead' },
          optInState: 'unknown' as const,
          lastInboundAt: null,
        },
        {
          phone: '+351910000004',
          tags: [],
          fields: {},
          optInState: 'opted_in' as const,
          lastInboundAt: daysAgo(3),
        },
      ];
      // Contacts 1 and 2 are on the board ("Won", "Lead"); contact 3 only has an imported `stage` field.
      const won = await tx.pipelineStage.create({ data: { tenantId, name: 'Won', position: 1 } });
      const lead = await tx.pipelineStage.create({ data: { tenantId, name: 'Lead', position: 0 } });
      const stageIds = [won.id, lead.id, null, null];
      const contacts = [];
      for (const [index, row] of rows.entries()) {
        contacts.push(await tx.contact.create({ data: { tenantId, ...row, stageId: stageIds[index] } }));
      }
      // Contact 1 finished the "welcome" flow; contact 2 is still in it; an outbound message to contact 4 yesterday.
      const published = await publishFlowVersion(tx, {
        tenantId,
        key: 'welcome',
        name: 'Welcome',
        definition: { format: 'leadline.flow/v1', id: 'welcome', name: 'Welcome', nodes: [], edges: [] },
      });
      for (const [index, status] of [
        [0, 'completed'],
        [1, 'waiting'],
      ] as const) {
        await tx.flowRun.create({
          data: {
            tenantId,
            flowId: published.flowId,
            flowVersionId: published.versionId,
            contactId: contacts[index].id,
            status,
          },
        });
      }
      const conversation = await tx.conversation.create({
        data: { tenantId, contactId: contacts[3].id, channelId: channel.id },
      });
      await tx.message.create({
        data: {
          tenantId,
          conversationId: conversation.id,
          contactId: contacts[3].id,
          channelId: channel.id,
          direction: 'out',
          type: 'text',
          body: { text: 'hi' },
          status: 'sent',
          createdAt: daysAgo(1),
        },
      });
    });
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  const count = (filter: SegmentFilter) =>
    withTenant(prisma, tenantId, (tx) =>
      countAudience(tx, { filter: segmentFilterSchema.parse(filter) }, NOW),
    );

  it.each<[string, SegmentFilter, number]>([
    ['a tag', { kind: 'tag', op: 'has', tag: 'vip' }, 2],
    ['without a tag', { kind: 'tag', op: 'lacks', tag: 'vip' }, 2],
    [
      'a stage, by its board name in any case or an imported stage field',
      { kind: 'stage', op: 'is', stage: 'lead' },
      2,
    ],
    ['not a stage (contacts without one included)', { kind: 'stage', op: 'is_not', stage: 'lead' }, 2],
    ['a board stage wins over an old stage field', { kind: 'stage', op: 'is', stage: 'old' }, 0],
    ['in no pipeline stage', { kind: 'stage', op: 'none' }, 2],
    ['a field equal to a value', { kind: 'field', key: 'city', op: 'equals', value: 'Porto' }, 1],
    ['a field containing text, any case', { kind: 'field', key: 'city', op: 'contains', value: 'lis' }, 1],
    ['a field missing', { kind: 'field', key: 'city', op: 'missing' }, 2],
    ['opted in', { kind: 'opt_in', state: 'opted_in' }, 2],
    ['wrote in the last 7 days', { kind: 'last_inbound', op: 'within', days: 7 }, 2],
    ['wrote more than 30 days ago', { kind: 'last_inbound', op: 'before', days: 30 }, 1],
    ['never wrote', { kind: 'last_inbound', op: 'never' }, 1],
    ['was messaged in the last 2 days', { kind: 'last_outbound', op: 'within', days: 2 }, 1],
    ['never messaged', { kind: 'last_outbound', op: 'never' }, 3],
    ['finished a flow', { kind: 'flow_outcome', flowKey: 'welcome', outcome: 'completed' }, 1],
    ['is in a flow', { kind: 'flow_outcome', flowKey: 'welcome', outcome: 'active' }, 1],
    ['never started a flow', { kind: 'flow_outcome', flowKey: 'welcome', outcome: 'never_started' }, 2],
    [
      'all of: vip and opted in',
      {
        all: [
          { kind: 'tag', op: 'has', tag: 'vip' },
          { kind: 'opt_in', state: 'opted_in' },
        ],
      },
      1,
    ],
    [
      'any of: Porto or never wrote',
      {
        any: [
          { kind: 'field', key: 'city', op: 'equals', value: 'Porto' },
          { kind: 'last_inbound', op: 'never' },
        ],
      },
      2,
    ],
    ['not vip', { not: { kind: 'tag', op: 'has', tag: 'vip' } }, 2],
    ['an empty "all" matches everyone', { all: [] }, 4],
  ])('counts contacts with %s', async (_what, filter, expected) => {
    expect(await count(filter)).toBe(expected);
  });

  it('treats values as data, never as SQL', async () => {
    expect(await count({ kind: 'field', key: 'city', op: 'equals', value: "Porto' OR '1'='1" })).toBe(0);
    expect(await count({ kind: 'tag', op: 'has', tag: "vip') OR TRUE --" })).toBe(0);
    expect(() => segmentFilterSchema.parse({ kind: 'field', key: "city'--", op: 'exists' })).toThrow();
  });
});
