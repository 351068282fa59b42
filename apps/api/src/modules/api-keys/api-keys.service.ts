import { ForbiddenException, Injectable } from '@nestjs/common';
import { isUuid, withTenant, type PrismaClient } from '@leadline/database';
import { generateApiKey, hashApiKey } from '@leadline/secrets';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/api-key-principal';
import { missingPermissions } from '../auth/role-permissions';
import { InjectPrisma } from '@leadline/bootstrap';
import { notFound } from '../errors/not-found';
import { pageArgs, toPage, type Page } from '../pagination/page';
import type { CreateApiKey, ListApiKeys } from './api-keys.schema';

const VIEW = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The key itself, returned by create only: it is stored as sha256 and cannot be shown again. */
export interface CreatedApiKey extends ApiKeyView {
  key: string;
}

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, query: ListApiKeys): Promise<Page<ApiKeyView>> {
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const rows = await tx.apiKey.findMany({
        where:
          query.revoked === undefined ? {} : { revokedAt: query.revoked === 'true' ? { not: null } : null },
        select: VIEW,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        ...pageArgs(query),
      });
      return toPage(rows, query);
    });
  }

  async create(principal: Principal, input: CreateApiKey): Promise<CreatedApiKey> {
    // Nobody hands out more than they hold: a key can never be a way up.
    const beyond = missingPermissions(principal.permissions, input.scopes);
    if (beyond.length) {
      throw new ForbiddenException({
        code: 'SCOPE_NOT_HELD',
        message: `You cannot give a key scopes you do not hold yourself: ${beyond.join(', ')}.`,
      });
    }
    const generated = generateApiKey();
    const row = await withTenant(this.prisma, principal.tenantId, async (tx) => {
      const created = await tx.apiKey.create({
        data: {
          tenantId: principal.tenantId,
          name: input.name,
          prefix: generated.prefix,
          keyHash: hashApiKey(generated.key),
          scopes: input.scopes,
        },
        select: VIEW,
      });
      await this.audit.record(tx, principal, {
        action: 'api_key.created',
        targetType: 'api_key',
        targetId: created.id,
        data: { name: created.name, prefix: created.prefix, scopes: created.scopes },
      });
      return created;
    });
    return { ...row, key: generated.key };
  }

  /** Revoking twice is harmless and answers the key as it is. */
  async revoke(principal: Principal, id: string, now = new Date()): Promise<ApiKeyView> {
    if (!isUuid(id)) throw notFound('API key', id);
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const key = await tx.apiKey.findUnique({ where: { id }, select: VIEW });
      if (!key) throw notFound('API key', id);
      if (key.revokedAt) return key;
      const revoked = await tx.apiKey.update({ where: { id }, data: { revokedAt: now }, select: VIEW });
      await this.audit.record(tx, principal, {
        action: 'api_key.revoked',
        targetType: 'api_key',
        targetId: id,
        data: { name: key.name, prefix: key.prefix },
      });
      return revoked;
    });
  }
}
