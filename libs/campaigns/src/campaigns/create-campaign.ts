import type { Prisma, TenantTransaction } from '@leadline/database';
import { CampaignError } from './campaign-errors';
import { createCampaignSchema, type CreateCampaignInput } from './campaign-spec';
import { parseWorkspaceTime, workspaceTimeZone } from './workspace-time';

/** Placeholders ({{1}}, {{2}}, …) of a template component's text, as Meta stores it. */
export function templatePlaceholders(components: unknown, type: 'BODY' | 'HEADER'): number {
  const list = Array.isArray(components)
    ? (components as Array<{ type?: string; text?: string; format?: string }>)
    : [];
  const part = list.find((c) => String(c.type).toUpperCase() === type);
  if (!part?.text || (type === 'HEADER' && part.format && part.format !== 'TEXT')) return 0;
  return new Set(part.text.match(/\{\{\s*\d+\s*\}\}/g) ?? []).size;
}

/** The kind of a template's media header (IMAGE, DOCUMENT or VIDEO format), or undefined. */
export function templateMediaHeader(components: unknown): 'image' | 'document' | 'video' | undefined {
  const list = Array.isArray(components) ? (components as Array<{ type?: string; format?: string }>) : [];
  const header = list.find((c) => String(c.type).toUpperCase() === 'HEADER');
  const format = String(header?.format ?? 'TEXT').toLowerCase();
  return format === 'image' || format === 'document' || format === 'video' ? format : undefined;
}

/**
 * Stores a campaign as a draft after checking what can be checked now: the template is approved on
 * the channel and every {{n}} has a source, the segment and flow exist, the time parses in the
 * workspace's zone. Nobody is messaged until it is started.
 */
export async function createCampaign(
  tx: TenantTransaction,
  tenantId: string,
  input: CreateCampaignInput,
  now: Date,
  /** The person creating it (none for an API key): they are told when it finishes. */
  createdByUserId: string | null = null,
): Promise<{ id: string }> {
  const spec = createCampaignSchema.parse(input);
  const templates = await tx.template.findMany({
    where: {
      name: spec.templateName,
      language: spec.language,
      ...(spec.channelId ? { channelId: spec.channelId } : {}),
      channel: { status: { not: 'disabled' } },
    },
    orderBy: { createdAt: 'asc' },
  });
  const template = templates.find((t) => t.status === 'approved');
  if (!template) {
    throw new CampaignError(
      'TEMPLATE_NOT_APPROVED',
      templates.length
        ? `Template "${spec.templateName}" (${spec.language}) is ${templates[0].status}, not approved.`
        : `Template "${spec.templateName}" (${spec.language}) is not known on ${spec.channelId ? 'this channel' : 'any channel'}; sync templates first.`,
    );
  }
  const expected = templatePlaceholders(template.components, 'BODY');
  if (
    Array.isArray(template.components) &&
    template.components.length &&
    spec.params.body.length !== expected
  ) {
    throw new CampaignError(
      'TEMPLATE_PARAMS',
      `Template "${spec.templateName}" has ${expected} body parameters; ${spec.params.body.length} given.`,
    );
  }
  const mediaHeader = templateMediaHeader(template.components);
  if (mediaHeader && spec.params.headerMedia?.kind !== mediaHeader) {
    throw new CampaignError(
      'TEMPLATE_PARAMS',
      `Template "${spec.templateName}" has a ${mediaHeader} header: give its ${mediaHeader} (params.headerMedia, --header-media ${mediaHeader}=https://…).`,
    );
  }
  if (
    !mediaHeader &&
    spec.params.headerMedia &&
    Array.isArray(template.components) &&
    template.components.length
  ) {
    throw new CampaignError('TEMPLATE_PARAMS', `Template "${spec.templateName}" has no media header.`);
  }
  let segmentId: string | null = null;
  if ('segmentId' in spec.audience) {
    const segment = await tx.segment.findUnique({
      where: { id: spec.audience.segmentId },
      select: { id: true },
    });
    if (!segment) throw new CampaignError('SEGMENT_NOT_FOUND', `No segment ${spec.audience.segmentId}.`);
    segmentId = segment.id;
  }
  for (const flowKey of new Set([spec.flowKey, ...Object.values(spec.buttonFlows ?? {})])) {
    if (!flowKey) continue;
    const flow = await tx.flow.findFirst({
      where: { key: flowKey, archivedAt: null, activeVersionId: { not: null } },
      select: { id: true },
    });
    if (!flow) throw new CampaignError('FLOW_NOT_FOUND', `No published flow "${flowKey}".`);
  }
  let scheduledAt: Date | null = null;
  if (spec.scheduledAt) {
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true } });
    const zone = workspaceTimeZone(tenant.settings);
    scheduledAt = parseWorkspaceTime(spec.scheduledAt, zone) ?? null;
    if (!scheduledAt) {
      throw new CampaignError(
        'BAD_SCHEDULE',
        `"${spec.scheduledAt}" is not a date and time (e.g. 2026-12-24T09:00, read in ${zone}).`,
      );
    }
    if (scheduledAt.getTime() < now.getTime() - 60_000) {
      throw new CampaignError('BAD_SCHEDULE', 'The send time is in the past.');
    }
  }
  const campaign = await tx.campaign.create({
    data: {
      tenantId,
      name: spec.name,
      channelId: template.channelId,
      templateName: spec.templateName,
      templateLanguage: spec.language,
      params: spec.params as unknown as Prisma.InputJsonObject,
      audience: spec.audience as unknown as Prisma.InputJsonObject,
      segmentId,
      flowKey: spec.flowKey ?? null,
      buttonFlows: spec.buttonFlows ?? {},
      ratePerSecond: spec.ratePerSecond,
      scheduledAt,
      createdByUserId,
    },
    select: { id: true },
  });
  return campaign;
}
