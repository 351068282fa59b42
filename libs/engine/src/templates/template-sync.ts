import { withTenant, type Prisma, type PrismaClient, type TemplateCategory } from '@leadline/database';
import type { TemplateInfo } from '@leadline/whatsapp';
import { canonicalJson } from './canonical-json';
import { TemplateChannelError } from './template-errors';
import { listProviderTemplates, type TemplateChannel, type TemplateProviders } from './template-providers';
import { templateCategoryFromProvider, templateStatusFromProvider } from './template-status';

export interface TemplateSyncCounts {
  added: number;
  updated: number;
  removed: number;
}

export type ChannelSyncOutcome = { channelId: string; provider: 'meta' | 'twilio'; phoneNumberId: string } & (
  ({ ok: true } & TemplateSyncCounts) | { ok: false; error: Error }
);

export interface SyncAllOptions {
  /** Checked between channels: a shutting-down worker stops after the channel in progress. */
  signal?: AbortSignal;
  /** Called after each channel, e.g. to log it. */
  onChannel?: (outcome: ChannelSyncOutcome) => void;
}

// Twilio does not tell a Content template's category: new rows start as utility, existing ones keep theirs.
const UNKNOWN_CATEGORY: TemplateCategory = 'utility';
/** Channels whose provider can tell their templates: a Meta number needs its WABA id. */
const SYNCABLE = {
  status: 'active',
  OR: [{ provider: 'meta', wabaId: { not: null } }, { provider: 'twilio' }],
} satisfies Prisma.ChannelWhereInput;
// Hundreds of rows in one transaction: more than withTenant's default 5 s, still bounded.
const WRITE_TIMEOUT_MS = 60_000;

/**
 * Brings one channel's templates in line with its provider: new ones are added, changed ones
 * updated (status, category, components, provider id), and ones the provider no longer lists are
 * marked `disabled`, not deleted, because messages and flows refer to them by name. Drafts, which
 * were never submitted, are left alone. The provider is asked before the transaction opens.
 * Rejects with TemplateChannelError naming the channel when the provider cannot be read.
 */
export async function syncChannelTemplates(
  prisma: PrismaClient,
  deps: TemplateProviders,
  channelId: string,
): Promise<TemplateSyncCounts> {
  const channel = await loadChannel(prisma, channelId);
  const listed = await listProviderTemplates(channel, deps);
  return writeTemplates(prisma, channel, listed);
}

/** Syncs every active Meta (with a WABA id) and Twilio channel of one tenant; never throws per channel. */
export async function syncTenantTemplates(
  prisma: PrismaClient,
  deps: TemplateProviders,
  tenantId: string,
  options: SyncAllOptions = {},
): Promise<ChannelSyncOutcome[]> {
  const channels = await withTenant(prisma, tenantId, (tx) =>
    tx.channel.findMany({
      where: SYNCABLE,
      select: { id: true, provider: true, phoneNumberId: true },
      orderBy: { createdAt: 'asc' },
    }),
  );
  return syncEach(prisma, deps, channels, options);
}

/**
 * Syncs every active Meta channel with a WABA id and every active Twilio channel of every tenant.
 * Only ids are read across tenants (the system client's rule); each channel is then handled within
 * its tenant. One channel's failure is reported through its outcome and does not stop the others.
 */
export async function syncAllTemplates(
  prisma: PrismaClient,
  deps: TemplateProviders,
  options: SyncAllOptions = {},
): Promise<ChannelSyncOutcome[]> {
  const channels = await prisma.channel.findMany({
    where: SYNCABLE,
    select: { id: true, provider: true, phoneNumberId: true },
    orderBy: [{ tenantId: 'asc' }, { createdAt: 'asc' }],
  });
  return syncEach(prisma, deps, channels, options);
}

async function syncEach(
  prisma: PrismaClient,
  deps: TemplateProviders,
  channels: Array<{ id: string; provider: string; phoneNumberId: string }>,
  options: SyncAllOptions,
): Promise<ChannelSyncOutcome[]> {
  const outcomes: ChannelSyncOutcome[] = [];
  for (const channel of channels) {
    if (options.signal?.aborted) break;
    const label = {
      channelId: channel.id,
      provider: channel.provider as 'meta' | 'twilio',
      phoneNumberId: channel.phoneNumberId,
    };
    let outcome: ChannelSyncOutcome;
    try {
      outcome = { ...label, ok: true, ...(await syncChannelTemplates(prisma, deps, channel.id)) };
    } catch (error) {
      outcome = { ...label, ok: false, error: error instanceof Error ? error : new Error(String(error)) };
    }
    outcomes.push(outcome);
    options.onChannel?.(outcome);
  }
  return outcomes;
}

/** The channel with its credentials, read within its tenant (only its tenant id is read as the system). */
export async function loadChannel(
  prisma: PrismaClient,
  channelId: string,
): Promise<TemplateChannel & { tenantId: string }> {
  const owner = await prisma.channel.findUnique({ where: { id: channelId }, select: { tenantId: true } });
  const channel =
    owner &&
    (await withTenant(prisma, owner.tenantId, (tx) =>
      tx.channel.findUnique({
        where: { id: channelId },
        select: {
          id: true,
          tenantId: true,
          provider: true,
          phoneNumberId: true,
          wabaId: true,
          encryptedCredentials: true,
        },
      }),
    ));
  if (!channel) {
    throw new TemplateChannelError(
      { id: channelId, provider: 'unknown', phoneNumberId: channelId },
      'the channel does not exist',
    );
  }
  return channel;
}

interface Wanted {
  name: string;
  language: string;
  status: ReturnType<typeof templateStatusFromProvider>;
  category?: TemplateCategory;
  components: unknown[];
  providerTemplateId: string;
  rejectionReason: string | null;
}

function wantedRows(listed: TemplateInfo[]): Map<string, Wanted> {
  const rows = new Map<string, Wanted>();
  for (const template of listed) {
    rows.set(rowKey(template), {
      name: template.name,
      language: template.language,
      status: templateStatusFromProvider(template.status),
      category: templateCategoryFromProvider(template.category),
      components: template.components,
      providerTemplateId: template.id,
      rejectionReason: template.rejectionReason ?? null,
    });
  }
  return rows;
}

const rowKey = (t: { name: string; language: string }) => `${t.name}\u0000${t.language}`;

async function writeTemplates(
  prisma: PrismaClient,
  channel: TemplateChannel & { tenantId: string },
  listed: TemplateInfo[],
): Promise<TemplateSyncCounts> {
  const wanted = wantedRows(listed);
  return withTenant(
    prisma,
    channel.tenantId,
    async (tx) => {
      const existing = await tx.template.findMany({ where: { channelId: channel.id } });
      const stored = new Map(existing.map((row) => [rowKey(row), row]));
      let updated = 0;
      for (const [id, want] of wanted) {
        const row = stored.get(id);
        if (!row) continue;
        const data = {
          status: want.status,
          category: want.category ?? row.category,
          components: want.components as Prisma.InputJsonValue,
          providerTemplateId: want.providerTemplateId,
          rejectionReason: want.rejectionReason,
        };
        const changed =
          row.status !== data.status ||
          row.rejectionReason !== data.rejectionReason ||
          row.category !== data.category ||
          row.providerTemplateId !== data.providerTemplateId ||
          canonicalJson(row.components) !== canonicalJson(data.components);
        if (!changed) continue;
        await tx.template.update({ where: { id: row.id }, data });
        updated += 1;
      }
      const created = await tx.template.createMany({
        data: [...wanted]
          .filter(([id]) => !stored.has(id))
          .map(([, want]) => ({
            tenantId: channel.tenantId,
            channelId: channel.id,
            name: want.name,
            language: want.language,
            status: want.status,
            category: want.category ?? UNKNOWN_CATEGORY,
            components: want.components as Prisma.InputJsonValue,
            providerTemplateId: want.providerTemplateId,
            rejectionReason: want.rejectionReason,
          })),
        // A concurrent sync (CLI and worker) may have added the same row first.
        skipDuplicates: true,
      });
      const gone = existing
        .filter((row) => !wanted.has(rowKey(row)) && row.status !== 'disabled' && row.status !== 'draft')
        .map((row) => row.id);
      const removed = gone.length
        ? (await tx.template.updateMany({ where: { id: { in: gone } }, data: { status: 'disabled' } })).count
        : 0;
      return { added: created.count, updated, removed };
    },
    { timeout: WRITE_TIMEOUT_MS },
  );
}
