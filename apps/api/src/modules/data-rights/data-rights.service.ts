import { Injectable, NotFoundException } from '@nestjs/common';
import { eraseContact, exportContact, exportTenant, type ContactExport } from '@leadline/data-rights';
import type { AppConfig } from '@leadline/config';
import { isUuid, withTenant, type PrismaClient } from '@leadline/database';
import { databaseMediaStore, type MediaStore } from '@leadline/documents';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { InjectConfig, InjectPrisma, InjectRootLogger } from '@leadline/bootstrap';
import type { Principal } from '../auth/api-key-principal';
import { AuditService } from '../audit/audit.service';
import type { FlowEngineClient } from '@leadline/engine';
import type { Logger } from 'pino';
import { InjectEngine } from '../engine/engine-client.module';
import { QueuedWorkRemover } from './queued-work-remover';

export interface ContactErased {
  contactId: string;
  /** Rows deleted per table. */
  deleted: Record<string, number>;
}

/** Longest a contact's export may read (one transaction, so the export is consistent). */
const EXPORT_TIMEOUT_MS = 60_000;

/** Longest an erasure may hold its transaction: a contact with years of messages deletes many rows. */
const ERASE_TIMEOUT_MS = 120_000;

@Injectable()
export class DataRightsService {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
    private readonly queued: QueuedWorkRemover,
    @InjectConfig() config: AppConfig,
    @InjectEngine() private readonly engine: FlowEngineClient,
    @InjectRootLogger() private readonly logger: Logger,
  ) {
    this.media = databaseMediaStore(
      createSecretBoxFromBase64Keys({
        current: config.security.encryptionKey,
        previous: config.security.previousEncryptionKeys,
      }),
    );
  }

  /** Opens the files customers sent (sealed at rest) so an export holds the files themselves. */
  private readonly media: MediaStore;

  async exportContact(principal: Principal, contactId: string): Promise<ContactExport> {
    if (!isUuid(contactId)) throw notFound('contact', contactId);
    const exported = await withTenant(
      this.prisma,
      principal.tenantId,
      async (tx) => {
        const data = await exportContact(tx, contactId, new Date(), {
          openMedia: (inner, ref) => this.media.get(inner, ref),
        });
        if (data) {
          await this.audit.record(tx, principal, {
            action: 'contact.exported',
            targetType: 'contact',
            targetId: contactId,
          });
        }
        return data;
      },
      { timeout: EXPORT_TIMEOUT_MS, maxWait: 10_000 },
    );
    if (!exported) throw notFound('contact', contactId);
    return exported;
  }

  /**
   * Erases the contact and records it in the audit log in the same transaction. The audit row holds
   * the contact's id and the number of rows deleted per table, never its phone number or name.
   */
  async eraseContact(principal: Principal, contactId: string): Promise<ContactErased> {
    if (!isUuid(contactId)) throw notFound('contact', contactId);
    const summary = await withTenant(
      this.prisma,
      principal.tenantId,
      async (tx) => {
        const erased = await eraseContact(tx, contactId);
        if (erased) {
          await this.audit.record(tx, principal, {
            action: 'contact.erased',
            targetType: 'contact',
            targetId: contactId,
            data: { deleted: erased.deleted },
          });
        }
        return erased;
      },
      { timeout: ERASE_TIMEOUT_MS, maxWait: 10_000 },
    );
    if (!summary) throw notFound('contact', contactId);
    await this.queued.remove(summary.queued);
    // Temporal keeps the contact's workflow state and history: terminate and delete its executions.
    await this.engine
      .forgetContact?.(principal.tenantId, contactId)
      .catch((error: unknown) =>
        this.logger.error(
          { err: error, contactId },
          "erasure: could not delete the contact's Temporal executions; delete them with `temporal workflow delete`",
        ),
      );
    return { contactId, deleted: summary.deleted };
  }

  /** Streams the tenant's export through `write`; the audit row is written before the first byte. */
  async exportTenant(principal: Principal, write: (chunk: string) => Promise<void>): Promise<void> {
    await this.audit.recordNow(principal, {
      action: 'tenant.exported',
      targetType: 'tenant',
      targetId: principal.tenantId,
    });
    await exportTenant(this.prisma, principal.tenantId, write, new Date());
  }
}

/** Another workspace's id gets the same answer as an unknown one (row-level security hides the row). */
function notFound(resource: string, id: string): NotFoundException {
  const shown = id.length > 64 ? `${id.slice(0, 64)}…` : id;
  return new NotFoundException({ code: 'NOT_FOUND', message: `No ${resource} with id ${shown}.` });
}
