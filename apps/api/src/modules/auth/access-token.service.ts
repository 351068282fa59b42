import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '@leadline/config';
import { InjectConfig } from '@leadline/bootstrap';
import { isRole, type Role } from './role-permissions';

/** Access tokens live 15 minutes: a stolen one is soon useless, and refresh tokens renew them. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

const ISSUER = 'leadline';
const AUDIENCE = 'leadline-api';

export interface AccessClaims {
  userId: string;
  tenantId: string;
  role: Role;
  /** The user's session version when the token was issued (users.session_version). */
  sessionVersion: number;
}

interface JwtPayload {
  sub: string;
  tid: string;
  role: string;
  typ: 'access';
  sv: number;
  exp: number;
}

/** Signs and verifies the short-lived HS256 access tokens users send as `Authorization: Bearer`. */
@Injectable()
export class AccessTokenService {
  private readonly jwt: JwtService;

  constructor(@InjectConfig() config: AppConfig) {
    this.jwt = new JwtService({
      secret: config.security.jwtSecret,
      signOptions: { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE },
      verifyOptions: { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE },
    });
  }

  sign(claims: AccessClaims, ttlSeconds = ACCESS_TOKEN_TTL_SECONDS): string {
    const payload: Omit<JwtPayload, 'exp'> = {
      sub: claims.userId,
      tid: claims.tenantId,
      role: claims.role,
      typ: 'access',
      sv: claims.sessionVersion,
    };
    return this.jwt.sign(payload, { expiresIn: ttlSeconds });
  }

  /** The token's claims; 401 when it is malformed, forged, expired or not an access token. */
  verify(token: string): AccessClaims {
    let payload: Partial<JwtPayload>;
    try {
      payload = this.jwt.verify<JwtPayload>(token);
    } catch (error) {
      const expired = (error as { name?: string }).name === 'TokenExpiredError';
      throw new UnauthorizedException({
        code: expired ? 'TOKEN_EXPIRED' : 'UNAUTHORIZED',
        message: expired
          ? 'The access token has expired: get a new one from POST /api/auth/refresh.'
          : 'The access token is not valid.',
      });
    }
    // A token without an expiry would never run out (the library only checks exp when present);
    // one without a session version could not be revoked.
    if (
      payload.typ !== 'access' ||
      !payload.sub ||
      !payload.tid ||
      !isRole(payload.role) ||
      !Number.isInteger(payload.exp) ||
      !Number.isInteger(payload.sv)
    ) {
      throw new UnauthorizedException({ code: 'UNAUTHORIZED', message: 'The access token is not valid.' });
    }
    return { userId: payload.sub, tenantId: payload.tid, role: payload.role, sessionVersion: payload.sv! };
  }
}
