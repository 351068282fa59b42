import { withTenant, type PrismaClient } from '@leadline/database';
import { hashPassword } from '@leadline/secrets';
import { PASSWORD } from './editor-with-api';

export interface Team {
  tenantId: string;
  owner: { email: string; name: string };
  agent: { email: string; name: string };
  contacts: Record<'ana' | 'rui' | 'eva', string>;
  stages: Record<'new' | 'qualified' | 'proposal' | 'won', string>;
}

/**
 * The people and the pipeline of the workspace tests: an owner and an agent (password PASSWORD), a
 * pipeline of four stages ("Won" starts the published lead-capture flow), 30 contacts of whom three
 * are on the board, with tags, custom fields and a conversation.
 */
export async function seedTeam(prisma: PrismaClient, slug: string): Promise<Team> {
  const tenant = await prisma.tenant.findUniqueOrThrow({ where: { slug } });
  const passwordHash = await hashPassword(PASSWORD, 4);
  const owner = { email: 'olivia@acme.test', name: 'Olivia Owner' };
  const agent = { email: 'ana.agent@acme.test', name: 'Aaron Agent' };
  return withTenant(prisma, tenant.id, async (tx) => {
    await tx.user.create({ data: { tenantId: tenant.id, ...owner, passwordHash, role: 'owner' } });
    await tx.user.create({ data: { tenantId: tenant.id, ...agent, passwordHash, role: 'agent' } });
    const stage = (name: string, position: number, color: string, startFlowKey: string | null = null) =>
      tx.pipelineStage.create({ data: { tenantId: tenant.id, name, position, color, startFlowKey } });
    const stages = {
      new: (await stage('New lead', 0, '#2563eb')).id,
      qualified: (await stage('Qualified', 1, '#7c3aed')).id,
      proposal: (await stage('Proposal sent', 2, '#ea580c')).id,
      won: (await stage('Won', 3, '#16a34a', 'lead-capture')).id,
    };
    const now = Date.now();
    const contact = (phone: string, name: string | null, extra: object = {}) =>
      tx.contact.create({ data: { tenantId: tenant.id, phone, name, ...extra } });
    const ana = await contact('+351912000001', 'Ana Sousa', {
      tags: ['solar', 'vip'],
      fields: { city: 'Lisbon', budget: 20000 },
      optInState: 'opted_in',
      optedInAt: new Date(now - 3 * 86_400_000),
      lastInboundAt: new Date(now - 3_600_000),
      stageId: stages.new,
    });
    const rui = await contact('+351912000002', 'Rui Costa', {
      tags: ['solar'],
      fields: { city: 'Porto' },
      lastInboundAt: new Date(now - 2 * 86_400_000),
      stageId: stages.qualified,
    });
    const eva = await contact('+351912000003', 'Eva Lima', {
      stageId: stages.proposal,
      optInState: 'opted_out',
    });
    for (let i = 4; i <= 30; i += 1) {
      await contact(`+3519120000${String(i).padStart(2, '0')}`, i % 6 === 0 ? null : `Customer ${i}`, {
        tags: i % 2 ? ['newsletter'] : [],
      });
    }
    const channel = await tx.channel.findFirstOrThrow();
    await tx.conversation.create({
      data: {
        tenantId: tenant.id,
        contactId: ana.id,
        channelId: channel.id,
        status: 'handoff',
        lastMessageAt: new Date(now - 3_600_000),
      },
    });
    return { tenantId: tenant.id, owner, agent, contacts: { ana: ana.id, rui: rui.id, eva: eva.id }, stages };
  });
}
