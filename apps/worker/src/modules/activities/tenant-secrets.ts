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

/**
 * A step's failure message may quote what it was given (`bad token abc123`): the run keeps the message
 * and flows show it as {{error.message}}, so the workspace's secrets never appear in it.
 */
export function withoutSecrets(message: string, secrets: Record<string, string>): string {
  let text = message;
  for (const value of Object.values(secrets)) {
    if (value.length >= 4) text = text.split(value).join('[secret]');
  }
  return text;
}
