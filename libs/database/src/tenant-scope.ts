import type { Prisma, PrismaClient } from './generated/prisma/client';

/** The NOLOGIN role created by the init migration; row-level security applies to it. */
export const TENANT_ROLE = 'leadline_app';

/** The transaction-local setting the row-level security policies compare tenant_id with. */
export const TENANT_SETTING = 'app.tenant_id';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The client handed to `withTenant` callbacks: every query is limited to one tenant. */
export type TenantTransaction = Prisma.TransactionClient;

export interface TenantTransactionOptions {
  /** Longest wait for a pooled connection, in ms (default: the client's, see createPrismaClient). */
  maxWait?: number;
  /** Longest time the callback may take, in ms (default: the client's, see createPrismaClient). */
  timeout?: number;
  isolationLevel?: Prisma.TransactionIsolationLevel;
}

export class InvalidTenantIdError extends Error {
  constructor(tenantId: unknown) {
    const shown = typeof tenantId === 'string' ? JSON.stringify(tenantId.slice(0, 64)) : typeof tenantId;
    super(`tenant id must be a UUID, got ${shown}`);
    this.name = 'InvalidTenantIdError';
  }
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/**
 * Runs `fn` in an interactive transaction that can only see and write rows of `tenantId`:
 * the transaction switches to the `leadline_app` role (so row-level security applies even when the
 * app connects as a superuser) and sets `app.tenant_id`. Both are transaction-local, so the pooled
 * connection is back to normal once the transaction ends, whether it commits or rolls back.
 */
export async function withTenant<T>(
  prisma: PrismaClient,
  tenantId: string,
  fn: (tx: TenantTransaction) => Promise<T>,
  options?: TenantTransactionOptions,
): Promise<T> {
  if (!isUuid(tenantId)) throw new InvalidTenantIdError(tenantId);
  return prisma.$transaction(async (tx) => {
    // One round trip for both; set_config('role', ...) is what SET LOCAL ROLE does.
    await tx.$queryRaw`SELECT set_config('role', ${TENANT_ROLE}, true), set_config(${TENANT_SETTING}, ${tenantId}, true)`;
    return fn(tx);
  }, options);
}
