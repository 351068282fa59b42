import { createHash } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { PrismaClient } from '@leadline/database';
import { InjectPrisma } from '../database/prisma.module';
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  afterFailure,
  lockRemainingMs,
  type ThrottlePolicy,
  type ThrottleState,
} from './login-throttle';

export const LOGIN_THROTTLE_POLICIES = Symbol('LOGIN_THROTTLE_POLICIES');

export interface LoginThrottlePolicies {
  account: ThrottlePolicy;
  address: ThrottlePolicy;
}

/** Who is trying: the account (workspace + email) and the client's address. */
export interface LoginAttempt {
  tenantSlug: string;
  email: string;
  address: string;
}

interface Keyed {
  id: string;
  policy: ThrottlePolicy;
}

/** Keys are hashed: the table then holds no email addresses or IPs. */
function keyId(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The durable side of the login lockout (login_throttles in PostgreSQL, so it holds across restarts
 * and API instances). System client: the counters exist before any tenant is known.
 */
@Injectable()
export class LoginThrottleService {
  private readonly policies: LoginThrottlePolicies;

  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @Optional() @Inject(LOGIN_THROTTLE_POLICIES) policies?: LoginThrottlePolicies,
  ) {
    this.policies = policies ?? { account: ACCOUNT_POLICY, address: ADDRESS_POLICY };
  }

  /** Milliseconds until this attempt may be made; 0 when it may be made now. */
  async lockRemainingMs(attempt: LoginAttempt, now = new Date()): Promise<number> {
    const keys = this.keys(attempt);
    const rows = await this.prisma.loginThrottle.findMany({
      where: { id: { in: keys.map((key) => key.id) } },
    });
    return Math.max(0, ...rows.map((row) => lockRemainingMs(row, now)));
  }

  /** Counts a failed sign-in against the account and the address. */
  async recordFailure(attempt: LoginAttempt, now = new Date()): Promise<void> {
    for (const key of this.keys(attempt)) {
      await this.prisma.$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO login_throttles (id, failures, window_started_at)
                             VALUES (${key.id}, 0, ${now}) ON CONFLICT (id) DO NOTHING`;
        // Row lock: concurrent failures are counted one after the other, none lost.
        const [row] = await tx.$queryRaw<ThrottleState[]>`
          SELECT failures, window_started_at AS "windowStartedAt", locked_until AS "lockedUntil"
            FROM login_throttles WHERE id = ${key.id} FOR UPDATE`;
        const fresh = row.failures === 0 ? null : row;
        const next = afterFailure(fresh, now, key.policy);
        await tx.loginThrottle.update({ where: { id: key.id }, data: next });
      });
    }
  }

  /** A successful sign-in clears the account's counter (not the address's). */
  async recordSuccess(attempt: LoginAttempt): Promise<void> {
    await this.prisma.loginThrottle.deleteMany({ where: { id: this.keys(attempt)[0].id } });
  }

  private keys(attempt: LoginAttempt): [Keyed, Keyed] {
    return [
      { id: keyId(`account:${attempt.tenantSlug}:${attempt.email}`), policy: this.policies.account },
      { id: keyId(`address:${attempt.address}`), policy: this.policies.address },
    ];
  }
}
