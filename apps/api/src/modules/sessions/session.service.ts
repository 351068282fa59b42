import { randomUUID } from 'node:crypto';
import { ForbiddenException, Injectable } from '@nestjs/common';
import { normaliseEmail, withTenant, type PrismaClient, type TenantTransaction } from '@leadline/database';
import {
  generateRefreshToken,
  hashRefreshToken,
  hashPassword,
  REFRESH_TOKEN_PATTERN,
  verifyPassword,
} from '@leadline/secrets';
import { auditRow } from '../audit/audit-entry';
import { AccessTokenService, ACCESS_TOKEN_TTL_SECONDS } from '../auth/access-token.service';
import type { Principal } from '../auth/api-key-principal';
import type { Role } from '../auth/role-permissions';
import { InjectConfig, InjectPrisma } from '@leadline/bootstrap';
import type { AppConfig } from '@leadline/config';
import { mayOpenQueueDashboard } from '../queue-dashboard/queue-dashboard-access';
import { retryAfterSeconds } from './login-throttle';
import { LoginThrottleService } from './login-throttle.service';
import { invalidCredentials, invalidRefreshToken, LoginLockedException } from './session-errors';

/** A refresh token lasts 30 days, or until used (it is then rotated), revoked or its family revoked. */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  tenant: string;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token is valid for. */
  expiresIn: number;
  tokenType: 'Bearer';
  user: SessionUser;
}

export interface CallerProfile {
  workspace: { slug: string; name: string };
  user?: { name: string | null; email: string };
  capabilities: { queueDashboard: boolean };
}

export interface LoginRequest {
  tenant: string;
  email: string;
  password: string;
  /** The client's address, for the per-address lockout. */
  address: string;
}

/**
 * Sign-in, refresh and sign-out. Refresh tokens rotate on every use; a token that was already
 * rotated coming back means two parties hold it (one of them a thief), so the whole family, every
 * token descended from that sign-in, is revoked and both must sign in again.
 */
@Injectable()
export class SessionService {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectConfig() private readonly config: AppConfig,
    private readonly accessTokens: AccessTokenService,
    private readonly throttle: LoginThrottleService,
  ) {}

  async login(request: LoginRequest, now = new Date()): Promise<Session> {
    const attempt = {
      tenantSlug: request.tenant,
      email: normaliseEmail(request.email),
      address: request.address,
    };
    // Counted before the password is checked: a burst of parallel guesses gets no more evaluations
    // than the limit allows (the count is one atomic statement per key).
    const locked = await this.throttle.countAttempt(attempt, now);
    if (locked > 0) throw new LoginLockedException(retryAfterSeconds(locked));

    // Tenants are looked up by slug with the system client: the tenant is what we are finding out.
    const tenant = await this.prisma.tenant.findUnique({
      where: { slug: request.tenant },
      select: { id: true, slug: true },
    });
    const user = tenant
      ? await withTenant(this.prisma, tenant.id, (tx) =>
          tx.user.findUnique({ where: { tenantId_email: { tenantId: tenant.id, email: attempt.email } } }),
        )
      : null;
    const ok = await verifyPassword(request.password, user?.passwordHash);
    // The attempt is already counted: a failure has nothing more to record.
    if (!ok || !tenant || !user) throw invalidCredentials();
    await this.throttle.recordSuccess(attempt);
    const refreshToken = await withTenant(this.prisma, tenant.id, async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
      await tx.auditLog.create({
        data: auditRow(
          { kind: 'user', tenantId: tenant.id, userId: user.id, permissions: [], scopes: [] },
          tenant.id,
          { action: 'user.signed_in', targetType: 'user', targetId: user.id },
        ),
      });
      return this.issueRefreshToken(tx, tenant.id, user.id, randomUUID(), now);
    });
    return this.session(
      { id: user.id, email: user.email, name: user.name, role: user.role, tenant: tenant.slug },
      tenant.id,
      refreshToken,
      user.sessionVersion,
    );
  }

  async refresh(token: string, now = new Date()): Promise<Session> {
    const found = await this.findToken(token);
    if (!found) throw invalidRefreshToken();
    const outcome = await withTenant(this.prisma, found.tenantId, async (tx) => {
      // Conditional update: of two requests racing with the same token, exactly one rotates it.
      const rotated = await tx.refreshToken.updateMany({
        where: { id: found.id, rotatedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { rotatedAt: now },
      });
      if (rotated.count === 0) {
        const row = await tx.refreshToken.findUniqueOrThrow({ where: { id: found.id } });
        if (row.revokedAt) return { error: 'revoked' as const };
        if (row.rotatedAt) {
          await tx.refreshToken.updateMany({
            where: { familyId: row.familyId, revokedAt: null },
            data: { revokedAt: now },
          });
          // The thief may hold a fresh access token too: end every access token of the user.
          await this.endAccessTokens(tx, row.userId);
          await tx.auditLog.create({
            data: auditRow(null, found.tenantId, {
              action: 'session.refresh_token_reused',
              targetType: 'user',
              targetId: row.userId,
              data: { familyId: row.familyId },
            }),
          });
          return { error: 'reused' as const };
        }
        return { error: 'expired' as const };
      }
      const user = await tx.user.findUniqueOrThrow({
        where: { id: found.userId },
        select: {
          id: true,
          email: true,
          name: true,
          role: true,
          sessionVersion: true,
          tenant: { select: { slug: true } },
        },
      });
      const next = await this.issueRefreshToken(tx, found.tenantId, found.userId, found.familyId, now);
      return { user, next };
    });
    if ('error' in outcome) {
      throw invalidRefreshToken(
        outcome.error === 'reused'
          ? 'This refresh token was already used. Every session started from the same sign-in has been ended; sign in again.'
          : outcome.error === 'expired'
            ? 'The refresh token has expired; sign in again.'
            : 'The refresh token has been revoked; sign in again.',
      );
    }
    const { user, next } = outcome;
    return this.session(
      { id: user.id, email: user.email, name: user.name, role: user.role, tenant: user.tenant.slug },
      found.tenantId,
      next,
      user.sessionVersion,
    );
  }

  /**
   * Ends the session the token belongs to (its whole family) and every access token of the user (the
   * session version goes up: the user's other devices renew theirs with their own refresh tokens).
   * Unknown tokens are ignored.
   */
  async logout(token: string, now = new Date()): Promise<void> {
    const found = await this.findToken(token);
    if (!found) return;
    await withTenant(this.prisma, found.tenantId, async (tx) => {
      const revoked = await tx.refreshToken.updateMany({
        where: { familyId: found.familyId, revokedAt: null },
        data: { revokedAt: now },
      });
      // Only a live session's sign-out ends access tokens: replaying an old logout request changes nothing.
      if (revoked.count > 0) await this.endAccessTokens(tx, found.userId);
    });
  }

  /**
   * A signed-in user changes their own password. Every session of the user ends (all refresh
   * token families are revoked): whoever may have known the old password is signed out too.
   */
  async changePassword(
    principal: Principal,
    currentPassword: string,
    newPassword: string,
    now = new Date(),
  ): Promise<void> {
    const { tenantId } = principal;
    const userId = principal.userId!;
    // A stolen access token must not become a way to guess the password: the same limit as sign-in,
    // counted before the check, per user.
    const subject = `password-change:${tenantId}:${userId}`;
    const locked = await this.throttle.countSecretAttempt(subject, now);
    if (locked > 0) throw new LoginLockedException(retryAfterSeconds(locked), 'password');
    const user = await withTenant(this.prisma, tenantId, (tx) =>
      tx.user.findUnique({ where: { id: userId }, select: { passwordHash: true } }),
    );
    if (!(await verifyPassword(currentPassword, user?.passwordHash))) {
      throw new ForbiddenException({
        code: 'WRONG_PASSWORD',
        message: 'currentPassword: is not your password.',
      });
    }
    await this.throttle.clearSecretAttempts(subject);
    const passwordHash = await hashPassword(newPassword);
    await withTenant(this.prisma, tenantId, async (tx) => {
      await tx.user.update({
        where: { id: userId },
        data: { passwordHash, sessionVersion: { increment: 1 } },
      });
      await tx.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
      await tx.auditLog.create({
        data: auditRow(principal, tenantId, {
          action: 'user.password_changed',
          targetType: 'user',
          targetId: userId,
        }),
      });
    });
  }

  /** Access tokens carry the session version they were issued under; a new one retires them all. */
  private async endAccessTokens(tx: TenantTransaction, userId: string): Promise<void> {
    await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
  }

  /** Lookup by hash with the system client: like an API key, the token is what names the tenant. */
  private async findToken(token: string) {
    if (!REFRESH_TOKEN_PATTERN.test(token)) return null;
    return this.prisma.refreshToken.findUnique({
      where: { tokenHash: hashRefreshToken(token) },
      select: { id: true, tenantId: true, userId: true, familyId: true },
    });
  }

  private async issueRefreshToken(
    tx: TenantTransaction,
    tenantId: string,
    userId: string,
    familyId: string,
    now: Date,
  ): Promise<string> {
    const token = generateRefreshToken();
    await tx.refreshToken.create({
      data: {
        tenantId,
        userId,
        familyId,
        tokenHash: hashRefreshToken(token),
        expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS),
      },
    });
    return token;
  }

  /**
   * The caller's workspace and, for a person, their name and email: what the web app's header shows.
   * The tenant row is read with the system client by the caller's own tenant id (tenants have no RLS).
   */
  async describe(principal: Principal): Promise<CallerProfile> {
    const tenant = await this.prisma.tenant.findUnique({
      where: { id: principal.tenantId },
      select: { slug: true, name: true },
    });
    const user =
      principal.kind === 'user' && principal.userId
        ? await withTenant(this.prisma, principal.tenantId, (tx) =>
            tx.user.findUnique({ where: { id: principal.userId }, select: { name: true, email: true } }),
          )
        : null;
    return {
      workspace: { slug: tenant?.slug ?? '', name: tenant?.name ?? tenant?.slug ?? '' },
      ...(user ? { user: { name: user.name, email: user.email } } : {}),
      capabilities: {
        queueDashboard: mayOpenQueueDashboard(principal, tenant?.slug, this.config.queueDashboard),
      },
    };
  }

  private session(
    user: SessionUser,
    tenantId: string,
    refreshToken: string,
    sessionVersion: number,
  ): Session {
    return {
      accessToken: this.accessTokens.sign({ userId: user.id, tenantId, role: user.role, sessionVersion }),
      refreshToken,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      tokenType: 'Bearer',
      user,
    };
  }
}
