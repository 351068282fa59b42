import { Injectable, UnauthorizedException } from '@nestjs/common';
import { isUuid, withTenant, type PrismaClient } from '@leadline/database';
import { InjectPrisma } from '../database/prisma.module';
import { AccessTokenService } from './access-token.service';
import type { Principal } from './api-key-principal';
import { permissionsOfRole } from './role-permissions';

/**
 * Turns a user's access token into a principal. The role is read again from the database, so a
 * role change or a removed user takes effect on the next request rather than when the token expires.
 */
@Injectable()
export class UserAuthenticator {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly tokens: AccessTokenService,
  ) {}

  async authenticate(token: string): Promise<Principal> {
    const claims = this.tokens.verify(token);
    if (!isUuid(claims.tenantId) || !isUuid(claims.userId)) throw this.gone();
    const user = await withTenant(this.prisma, claims.tenantId, (tx) =>
      tx.user.findUnique({ where: { id: claims.userId }, select: { id: true, role: true } }),
    );
    if (!user) throw this.gone();
    const permissions = permissionsOfRole(user.role);
    return {
      kind: 'user',
      tenantId: claims.tenantId,
      userId: user.id,
      role: user.role,
      permissions,
      scopes: permissions,
    };
  }

  private gone(): UnauthorizedException {
    return new UnauthorizedException({ code: 'UNAUTHORIZED', message: 'This user no longer exists.' });
  }
}
