import { Injectable } from '@nestjs/common';
import {
  campaignAudience,
  campaignStats,
  cancelCampaign,
  countAudience,
  createCampaign,
  listRecipients,
  pauseCampaign,
  renderTemplateText,
  resolveParams,
  resumeCampaign,
  sampleAudience,
  startCampaign,
  type CreateCampaign,
} from '@leadline/campaigns';
import { isUuid, withTenant, type PrismaClient } from '@leadline/database';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/api-key-principal';
import { InjectPrisma } from '@leadline/bootstrap';
import { notFound } from '../errors/not-found';
import { mapCampaignErrors } from './campaign-http-errors';
import type { ListRecipients, PreviewCampaign } from './campaigns.schema';

type Action = 'start' | 'pause' | 'resume' | 'cancel';

/** Campaigns over REST: thin wrappers of libs/campaigns inside the caller's tenant scope. */
@Injectable()
export class CampaignsService {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
  ) {}

  private inTenant<T>(principal: Principal, work: Parameters<typeof withTenant<T>>[2]) {
    return mapCampaignErrors(() => withTenant(this.prisma, principal.tenantId, work, { timeout: 60_000 }));
  }

  list(principal: Principal) {
    const now = new Date();
    return this.inTenant(principal, async (tx) => {
      const campaigns = await tx.campaign.findMany({
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 100,
        select: CAMPAIGN_VIEW,
      });
      const items = [];
      for (const campaign of campaigns)
        items.push({ ...campaign, stats: await campaignStats(tx, campaign.id, now) });
      return { items };
    });
  }

  async get(principal: Principal, id: string) {
    if (!isUuid(id)) throw notFound('campaign', id);
    const found = await this.inTenant(principal, async (tx) => {
      const campaign = await tx.campaign.findUnique({ where: { id }, select: CAMPAIGN_VIEW });
      return campaign ? { ...campaign, stats: await campaignStats(tx, id, new Date()) } : undefined;
    });
    if (!found) throw notFound('campaign', id);
    return found;
  }

  create(principal: Principal, input: CreateCampaign) {
    return this.inTenant(principal, async (tx) => {
      const created = await createCampaign(
        tx,
        principal.tenantId,
        input,
        new Date(),
        principal.userId ?? null,
      );
      await this.audit.record(tx, principal, {
        action: 'campaign.created',
        targetType: 'campaign',
        targetId: created.id,
        data: { name: input.name, template: input.templateName },
      });
      return created;
    });
  }

  async control(principal: Principal, id: string, action: Action) {
    if (!isUuid(id)) throw notFound('campaign', id);
    return this.inTenant(principal, async (tx) => {
      const now = new Date();
      const result =
        action === 'start'
          ? await startCampaign(tx, principal.tenantId, id, now)
          : action === 'pause'
            ? await pauseCampaign(tx, id)
            : action === 'resume'
              ? await resumeCampaign(tx, principal.tenantId, id, now)
              : await cancelCampaign(tx, id, now);
      await this.audit.record(tx, principal, {
        action: `campaign.${action}`,
        targetType: 'campaign',
        targetId: id,
      });
      return result;
    });
  }

  async recipients(principal: Principal, id: string, query: ListRecipients) {
    if (!isUuid(id)) throw notFound('campaign', id);
    return this.inTenant(principal, async (tx) => {
      const exists = await tx.campaign.findUnique({ where: { id }, select: { id: true } });
      if (!exists) throw notFound('campaign', id);
      const limit = query.limit ?? 50;
      const items = await listRecipients(tx, id, { limit, after: query.after, only: query.only });
      return { items, next: items.length === limit ? items[items.length - 1].id : null };
    });
  }

  /** The audience count and the template as a few of its contacts will read it. */
  preview(principal: Principal, input: PreviewCampaign) {
    return this.inTenant(principal, async (tx) => {
      const now = new Date();
      const template = await tx.template.findFirst({
        where: {
          name: input.templateName,
          language: input.language,
          ...(input.channelId ? { channelId: input.channelId } : {}),
        },
        orderBy: [{ status: 'asc' }, { createdAt: 'asc' }],
        select: { category: true, status: true, components: true },
      });
      const audience = await campaignAudience(tx, input.audience);
      const count = await countAudience(tx, audience, now);
      const samples = await sampleAudience(tx, audience, now, 3);
      const body = componentText(template?.components, 'BODY');
      const header = componentText(template?.components, 'HEADER');
      const example = { phone: '+351912345678', name: 'Rita', fields: {} };
      const render = (contact: { phone: string; name: string | null; fields: Record<string, unknown> }) => {
        const values = resolveParams(input.params, contact);
        if (!values.ok) return { text: null, missing: values.missing };
        return {
          text: body ? renderTemplateText(body, values.body) : null,
          header:
            header && values.header !== undefined ? renderTemplateText(header, [values.header]) : header,
        };
      };
      return {
        count,
        template: template ? { category: template.category, status: template.status, body, header } : null,
        samples: (samples.length ? samples : [example]).map((c) => ({
          name: c.name,
          phone: c.phone,
          ...render(c),
        })),
      };
    });
  }
}

function componentText(components: unknown, type: 'BODY' | 'HEADER'): string | null {
  const list = Array.isArray(components) ? (components as Array<{ type?: string; text?: string }>) : [];
  return list.find((c) => String(c.type).toUpperCase() === type)?.text ?? null;
}

const CAMPAIGN_VIEW = {
  id: true,
  name: true,
  status: true,
  channelId: true,
  templateName: true,
  templateLanguage: true,
  params: true,
  audience: true,
  segmentId: true,
  flowKey: true,
  buttonFlows: true,
  ratePerSecond: true,
  scheduledAt: true,
  startedAt: true,
  finishedAt: true,
  createdAt: true,
} as const;
