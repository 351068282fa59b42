import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPrismaClient, publishFlowVersion, withTenant, type Prisma } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { verifyPassword } from '@leadline/secrets';
import { DEMO_OWNER, DEMO_TENANT, seed } from '../seed';

describe('demo seed', () => {
  let db: TestDatabase;
  let prisma: ReturnType<typeof createPrismaClient>;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await db.drop();
  });

  it('creates the demo workspace with a sandbox channel, approved templates and the example flows', async () => {
    await seed(db.url);
    const tenant = await prisma.tenant.findUniqueOrThrow({ where: { slug: DEMO_TENANT.slug } });
    await withTenant(prisma, tenant.id, async (tx) => {
      const channels = await tx.channel.findMany();
      expect(channels).toEqual([expect.objectContaining({ provider: 'sandbox', status: 'active' })]);
      const templates = await tx.template.findMany({ where: { status: 'approved' } });
      expect(templates.map((t) => t.name).sort()).toEqual([
        'lead_last_call',
        'lead_reminder',
        'lead_welcome',
        'quote_follow_up',
        'still_interested',
      ]);
      const flows = await tx.flow.findMany({ include: { activeVersion: true } });
      expect(flows.map((f) => f.key).sort()).toEqual([
        'ai-faq',
        'lead-capture',
        'no-reply-follow-up',
        'quote-request',
      ]);
      expect(flows.every((f) => f.activeVersion?.version === 1)).toBe(true);
      const users = await tx.user.findMany();
      expect(users).toEqual([expect.objectContaining({ email: DEMO_OWNER.email, role: 'owner' })]);
      expect(await verifyPassword(DEMO_OWNER.password, users[0].passwordHash)).toBe(true);
    });
  });

  it('is idempotent: a second run adds no rows and no versions', async () => {
    const count = async () => ({
      tenants: await prisma.tenant.count(),
      versions: await prisma.flowVersion.count(),
      templates: await prisma.template.count(),
      channels: await prisma.channel.count(),
      users: await prisma.user.count(),
    });
    const before = await count();
    await seed(db.url);
    expect(await count()).toEqual(before);
  });

  it('publishing a changed flow adds an immutable version 2 and keeps version 1 intact', async () => {
    const tenant = await prisma.tenant.findUniqueOrThrow({ where: { slug: DEMO_TENANT.slug } });
    const original = JSON.parse(
      readFileSync(join(__dirname, '../../../flows/lead-capture.flow.json'), 'utf8'),
    );
    const changed = { ...original, name: 'Lead capture v2' };
    const result = await withTenant(prisma, tenant.id, (tx) =>
      publishFlowVersion(tx, {
        tenantId: tenant.id,
        key: 'lead-capture',
        name: changed.name,
        definition: changed as Prisma.InputJsonValue,
      }),
    );
    expect(result).toMatchObject({ version: 2, created: true });
    await withTenant(prisma, tenant.id, async (tx) => {
      const v1 = await tx.flowVersion.findFirstOrThrow({ where: { flowId: result.flowId, version: 1 } });
      expect((v1.definition as { name: string }).name).toBe(original.name);
      // Versions are immutable: the database refuses to change a published definition.
      await expect(
        tx.flowVersion.update({ where: { id: v1.id }, data: { definition: changed } }),
      ).rejects.toThrow();
    });
  });
});
