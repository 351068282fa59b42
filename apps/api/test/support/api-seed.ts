// Seeds what the public API works on (tenants, API keys, channels, flows, contacts, runs) directly with
// the system client, as the admin CLI or the engine would have left it.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishFlowVersion, withTenant, type Prisma, type PrismaClient } from '@leadline/database';
import { generateApiKey, hashApiKey } from '@leadline/secrets';

export const ALL_SCOPES = ['leads:write', 'runs:read', 'runs:write'];

export function exampleFlow(id: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(join(__dirname, '..', '..', '..', '..', 'flows', `${id}.flow.json`), 'utf8'),
  );
}

export interface SeededKey {
  id: string;
  /** The full key, as a client sends it. */
  key: string;
}

export async function addApiKey(
  prisma: PrismaClient,
  tenantId: string,
  scopes: string[] = ALL_SCOPES,
  options: { revokedAt?: Date; lastUsedAt?: Date } = {},
): Promise<SeededKey> {
  const generated = generateApiKey();
  const row = await prisma.apiKey.create({
    data: {
      tenantId,
      name: `key ${generated.prefix}`,
      prefix: generated.prefix,
      keyHash: hashApiKey(generated.key),
      scopes,
      revokedAt: options.revokedAt ?? null,
      lastUsedAt: options.lastUsedAt ?? null,
    },
  });
  return { id: row.id, key: generated.key };
}

export interface SeededTenant {
  id: string;
  slug: string;
  key: SeededKey;
  channelId?: string;
  /** Flow key → { flowId, versionId }. */
  flows: Record<string, { flowId: string; versionId: string }>;
}

/** A tenant with a key holding every scope, an active sandbox channel unless told otherwise, and these flows. */
export async function seedTenant(
  prisma: PrismaClient,
  options: { flows?: Array<Record<string, unknown>>; channel?: boolean } = {},
): Promise<SeededTenant> {
  const slug = `t-${randomUUID().slice(0, 8)}`;
  const tenant = await prisma.tenant.create({ data: { slug, name: slug } });
  const key = await addApiKey(prisma, tenant.id);
  return withTenant(prisma, tenant.id, async (tx) => {
    const channel =
      options.channel === false
        ? undefined
        : await tx.channel.create({
            data: {
              tenantId: tenant.id,
              provider: 'sandbox',
              phoneNumberId: `sandbox-${randomUUID().slice(0, 8)}`,
              displayPhone: '+15550100000',
              status: 'active',
            },
          });
    const flows: SeededTenant['flows'] = {};
    for (const flow of options.flows ?? []) {
      const published = await publishFlowVersion(tx, {
        tenantId: tenant.id,
        key: String(flow.id),
        name: String(flow.name),
        definition: flow as Prisma.InputJsonValue,
      });
      flows[String(flow.id)] = { flowId: published.flowId, versionId: published.versionId };
    }
    return { id: tenant.id, slug, key, channelId: channel?.id, flows };
  });
}

export async function seedContact(prisma: PrismaClient, tenantId: string, phone: string): Promise<string> {
  const contact = await prisma.contact.create({ data: { tenantId, phone } });
  return contact.id;
}

export interface SeedRunOptions {
  flowKey: string;
  contactId: string;
  status?: 'running' | 'waiting' | 'completed' | 'handoff' | 'failed' | 'cancelled';
  /** Full precision, as PostgreSQL accepts it: '2026-03-01 10:00:00.000123+00'. */
  startedAt?: string;
  currentNode?: string;
  conversationId?: string;
}

/** A run row as the engine writes it; returns its id. */
export async function seedRun(prisma: PrismaClient, tenant: SeededTenant, options: SeedRunOptions) {
  const flow = tenant.flows[options.flowKey];
  const rows = await prisma.$queryRaw<Array<{ id: string }>>`
    INSERT INTO flow_runs (tenant_id, flow_id, flow_version_id, contact_id, conversation_id, status,
                           current_node, started_at, ended_at)
    VALUES (${tenant.id}::uuid, ${flow.flowId}::uuid, ${flow.versionId}::uuid, ${options.contactId}::uuid,
            ${options.conversationId ?? null}::uuid, ${options.status ?? 'waiting'}::flow_run_status,
            ${options.currentNode ?? null}, COALESCE(${options.startedAt ?? null}::timestamptz, now()),
            CASE WHEN ${options.status ?? 'waiting'} IN ('completed', 'failed', 'cancelled') THEN now() END)
    RETURNING id`;
  return rows[0].id;
}
