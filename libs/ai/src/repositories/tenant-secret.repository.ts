import type { TenantTransaction } from '@leadline/database';
import type { SecretBox } from '@leadline/secrets';

/** Names of the workspace secrets the AI steps read. */
export const AI_KEY_SECRETS = { openai: 'openai_api_key', gemini: 'gemini_api_key' } as const;

/**
 * A workspace secret is sealed as `{ "value": "<secret>" }` with the deployment's ENCRYPTION_KEY
 * (AES-256-GCM, see libs/secrets); rows are only readable inside the tenant's transaction.
 */
export async function readTenantSecret(
  tx: TenantTransaction,
  box: SecretBox,
  name: string,
): Promise<string | undefined> {
  const row = await tx.tenantSecret.findFirst({ where: { name }, select: { sealed: true } });
  if (!row) return undefined;
  const { value } = box.open(row.sealed);
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Stores (or replaces) a workspace secret, sealed. */
export async function writeTenantSecret(
  tx: TenantTransaction,
  box: SecretBox,
  input: { tenantId: string; name: string; value: string },
): Promise<void> {
  const sealed = new Uint8Array(box.seal({ value: input.value }));
  await tx.tenantSecret.upsert({
    where: { tenantId_name: { tenantId: input.tenantId, name: input.name } },
    create: { tenantId: input.tenantId, name: input.name, sealed },
    update: { sealed },
  });
}
