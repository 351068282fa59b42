import { Injectable, UnauthorizedException } from '@nestjs/common';
import type { PrismaClient } from '@leadline/database';
import { API_KEY_PATTERN, hashApiKey } from '@leadline/secrets';
import type { Logger } from 'pino';
import { InjectPrisma, InjectRootLogger } from '@leadline/bootstrap';
import type { Principal } from './api-key-principal';
import { isPermission } from './permissions';

/** `last_used_at` is a hint for people tidying up keys: one write a minute per key is plenty. */
export const LAST_USED_RESOLUTION_MS = 60_000;

const BEARER = /^Bearer +(\S+) *$/i;

function unauthorized(message: string): UnauthorizedException {
  return new UnauthorizedException({ code: 'UNAUTHORIZED', message });
}

/**
 * Turns an `Authorization: Bearer ll_...` header into the key's tenant and scopes. The lookup is by
 * the key's sha256 with the system client, which docs/data-model.md allows for API-key authentication:
 * the tenant is not known until the key is found.
 */
@Injectable()
export class ApiKeyAuthenticator {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectRootLogger() private readonly logger: Logger,
  ) {}

  async authenticate(authorization: string | undefined, now = new Date()): Promise<Principal> {
    if (!authorization) {
      throw unauthorized('Send your API key in an "Authorization: Bearer <key>" header.');
    }
    const key = BEARER.exec(authorization)?.[1];
    if (!key || !API_KEY_PATTERN.test(key)) {
      throw unauthorized(
        'The Authorization header must be "Bearer " followed by a Leadline API key (ll_...).',
      );
    }
    return this.authenticateKey(key, now);
  }

  /** `key` is already known to look like an API key (API_KEY_PATTERN). */
  async authenticateKey(key: string, now = new Date()): Promise<Principal> {
    // One indexed lookup by hash, whatever the key: nothing to learn from timing about which keys exist.
    const found = await this.prisma.apiKey.findUnique({
      where: { keyHash: hashApiKey(key) },
      select: { id: true, tenantId: true, scopes: true, revokedAt: true, lastUsedAt: true },
    });
    if (!found) throw unauthorized('Unknown API key.');
    if (found.revokedAt) throw unauthorized('This API key has been revoked.');
    await this.touch(found.id, found.lastUsedAt, now);
    // Scopes this version does not know (say, from a newer release) grant nothing.
    const permissions = found.scopes.filter(isPermission);
    return {
      kind: 'api_key',
      tenantId: found.tenantId,
      apiKeyId: found.id,
      permissions,
      scopes: found.scopes,
    };
  }

  private async touch(id: string, lastUsedAt: Date | null, now: Date): Promise<void> {
    const cutoff = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    if (lastUsedAt && lastUsedAt > cutoff) return;
    try {
      // Conditional, so concurrent requests with the same key write once.
      await this.prisma.apiKey.updateMany({
        where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: cutoff } }] },
        data: { lastUsedAt: now },
      });
    } catch (error) {
      // Bookkeeping only: the request itself is authenticated.
      this.logger.warn({ err: error, apiKeyId: id }, 'could not record when an API key was last used');
    }
  }
}
