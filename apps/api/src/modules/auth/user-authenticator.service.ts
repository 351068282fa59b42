import { Injectable, UnauthorizedException } from '@nestjs/common';
import { isUuid, withTenant, type PrismaClient } from '@leadline/database';
import { InjectPrisma } from '@leadline/bootstrap';
import { AccessTokenService } from './access-token.service';
import type { Principal } from './api-key-principal';
import { permissionsOfRole } from './role-permissions';

/**
 * Turns a user's access token into a principal. The role and the session version are read again from
 * the database, so a role change, a removed user, a sign-out or a password change takes effect on the
 * next request rather than when the token expires.
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
      tx.user.findUnique({
        where: { id: claims.userId },
        select: { id: true, role: true, sessionVersion: true },
      }),
    );
    if (!user) throw this.gone();
    // Signed out, password changed or refresh token stolen since the token was issued: the same read
    // as the role's, so revocation costs no extra query.
    if (user.sessionVersion !== claims.sessionVersion) {
      throw new UnauthorizedException({
        code: 'SESSION_ENDED',
        message: 'This session has ended (signed out or password changed): refresh or sign in again.',
      });
    }
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
