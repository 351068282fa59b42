import {
  isUuid,
  InvalidTenantIdError,
  Prisma,
  TENANT_ROLE,
  TENANT_SETTING,
  type PrismaClient,
  type TenantTransaction,
  type TenantTransactionOptions,
} from '@leadline/database';

/**
 * The hot path's tenant transactions: `withTenant` without its own `set_config` round trip. The
 * tenant scope (the `leadline_app` role and `app.tenant_id`, both transaction-local) is set by the
 * transaction's **first statement**, which joins `scope` (a one-row subquery calling `set_config`)
 * into what it reads anyway. From the second statement on, row-level security applies as in
 * `withTenant`.
 *
 * The first statement itself runs before the role switch takes effect (PostgreSQL checks a
 * statement's permissions and policies when it starts), so it must carry the tenant condition
 * itself (`tenant_id = <tenant>`): it may only read or lock rows of the tenant. Issue 21 item 1:
 * one statement fewer per transaction on the paths every conversation step takes.
 */
export async function withTenantScopedFirst<T>(
  prisma: PrismaClient,
  tenantId: string,
  fn: (tx: TenantTransaction, scope: Prisma.Sql) => Promise<T>,
  options?: TenantTransactionOptions,
): Promise<T> {
  if (!isUuid(tenantId)) throw new InvalidTenantIdError(tenantId);
  return prisma.$transaction((tx) => fn(tx, tenantScope(tenantId)), options);
}

/**
 * `(SELECT set_config(...) AS scope_role, set_config(...) AS scope_tenant) scope`: a FROM item with
 * exactly one row. Put it first in the FROM list and the rest in a `LEFT JOIN LATERAL (...) ON true`,
 * so it is evaluated once whether or not the rest finds rows (a volatile subquery is never folded
 * away by the planner).
 */
function tenantScope(tenantId: string): Prisma.Sql {
  return Prisma.sql`(SELECT set_config('role', ${TENANT_ROLE}, true) AS scope_role,
                           set_config(${TENANT_SETTING}, ${tenantId}, true) AS scope_tenant) scope`;
}
