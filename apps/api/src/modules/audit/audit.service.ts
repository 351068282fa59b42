import { Injectable } from '@nestjs/common';
import { withTenant, type PrismaClient, type TenantTransaction } from '@leadline/database';
import type { Principal } from '../auth/api-key-principal';
import { InjectPrisma } from '@leadline/bootstrap';
import { auditRow, type AuditEntry } from './audit-entry';

/**
 * Writes the audit log. Prefer `record(tx, ...)` inside the transaction that makes the change, so
 * the change and its audit row commit (or roll back) together.
 */
@Injectable()
export class AuditService {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  /** In the caller's withTenant transaction. */
  async record(tx: TenantTransaction, principal: Principal, entry: AuditEntry): Promise<void> {
    await tx.auditLog.create({ data: auditRow(principal, principal.tenantId, entry) });
  }

  /** In a transaction of its own, for actions that have none (e.g. an export that only reads). */
  async recordNow(principal: Principal, entry: AuditEntry): Promise<void> {
    await withTenant(this.prisma, principal.tenantId, (tx) => this.record(tx, principal, entry));
  }

  /** Done by Leadline itself (e.g. a scheduled retention job): no user or key behind it. */
  async recordSystem(tenantId: string, entry: AuditEntry): Promise<void> {
    await withTenant(this.prisma, tenantId, (tx) =>
      tx.auditLog.create({ data: auditRow(null, tenantId, entry) }),
    );
  }
}
