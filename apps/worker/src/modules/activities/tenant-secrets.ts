import type { TenantTransaction } from '@leadline/database';
import type { SecretBox } from '@leadline/secrets';

/**
 * The named workspace secrets (tenant_secrets, sealed as `{ "value": "..." }` with ENCRYPTION_KEY),
 * opened; names the workspace has not set are absent. Read inside the tenant's transaction (RLS).
 */
export async function readTenantSecrets(
  tx: TenantTransaction,
  box: SecretBox,
  names: readonly string[],
): Promise<Record<string, string>> {
  if (names.length === 0) return {};
  const rows = await tx.tenantSecret.findMany({
    where: { name: { in: [...names] } },
    select: { name: true, sealed: true },
  });
  const secrets: Record<string, string> = {};
  for (const row of rows) {
    const { value } = box.open(row.sealed) as { value?: unknown };
    if (typeof value === 'string' && value !== '') secrets[row.name] = value;
  }
  return secrets;
}

/** The workspace's settings JSON as an object (anything else reads as empty). */
export function settingsObject(settings: unknown): Record<string, unknown> {
  return settings && typeof settings === 'object' && !Array.isArray(settings)
    ? (settings as Record<string, unknown>)
    : {};
}
