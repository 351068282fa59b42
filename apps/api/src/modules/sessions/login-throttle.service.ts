import { createHash } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { PrismaClient } from '@leadline/database';
import { InjectPrisma } from '@leadline/bootstrap';
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  refusedForMs,
  type CountedAttempt,
  type ThrottlePolicy,
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
 *
 * Every attempt is counted *before* the password is checked, by one INSERT … ON CONFLICT DO UPDATE …
 * RETURNING per key: PostgreSQL serialises concurrent upserts of a row, so of 20 simultaneous guesses
 * exactly the first `maxFailures` see a count within the limit and the rest are refused, and no
 * interactive transaction waits for a pool connection (which is what answered 500 under load).
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

  /**
   * Counts a sign-in attempt against the account and the address. Returns the milliseconds to wait
   * when either is over its limit (the attempt must then be refused unevaluated), else 0.
   */
  async countAttempt(attempt: LoginAttempt, now = new Date()): Promise<number> {
    let wait = 0;
    for (const key of this.keys(attempt)) wait = Math.max(wait, await this.count(key, now));
    return wait;
  }

  /** The sign-in succeeded: clear the account's counter and give the address its attempt back. */
  async recordSuccess(attempt: LoginAttempt): Promise<void> {
    const [account, address] = this.keys(attempt);
    await this.clear(account.id);
    await this.uncount(address);
  }

  /**
   * Attempts at one secret other than sign-in (the current password on a password change), keyed by
   * `subject`, under the account policy.
   */
  countSecretAttempt(subject: string, now = new Date()): Promise<number> {
    return this.count({ id: keyId(subject), policy: this.policies.account }, now);
  }

  clearSecretAttempts(subject: string): Promise<void> {
    return this.clear(keyId(subject));
  }

  private async count(key: Keyed, now: Date): Promise<number> {
    const { maxFailures, windowMs, lockMs } = key.policy;
    // One statement: the row lock PostgreSQL takes for the upsert orders concurrent attempts.
    // While locked the count stays at max + 1 (refused, bounded); after the window or the lock a
    // new window starts at 1; the attempt that reaches the limit sets the lock.
    const [row] = await this.prisma.$queryRaw<CountedAttempt[]>`
      INSERT INTO login_throttles AS t (id, failures, window_started_at, locked_until)
      VALUES (${key.id}, 1, ${now},
              CASE WHEN 1 >= ${maxFailures}::int
                   THEN ${now}::timestamptz + ${lockMs}::int * interval '1 millisecond' END)
      ON CONFLICT (id) DO UPDATE SET
        failures = CASE
          WHEN t.locked_until > ${now}::timestamptz THEN ${maxFailures}::int + 1
          WHEN t.locked_until IS NOT NULL
            OR ${now}::timestamptz - t.window_started_at >= ${windowMs}::int * interval '1 millisecond'
            THEN 1
          ELSE t.failures + 1 END,
        window_started_at = CASE
          WHEN t.locked_until > ${now}::timestamptz THEN t.window_started_at
          WHEN t.locked_until IS NOT NULL
            OR ${now}::timestamptz - t.window_started_at >= ${windowMs}::int * interval '1 millisecond'
            THEN ${now}::timestamptz
          ELSE t.window_started_at END,
        locked_until = CASE
          WHEN t.locked_until > ${now}::timestamptz THEN t.locked_until
          WHEN t.locked_until IS NULL
            AND ${now}::timestamptz - t.window_started_at < ${windowMs}::int * interval '1 millisecond'
            AND t.failures + 1 >= ${maxFailures}::int
            THEN ${now}::timestamptz + ${lockMs}::int * interval '1 millisecond'
          WHEN 1 >= ${maxFailures}::int THEN ${now}::timestamptz + ${lockMs}::int * interval '1 millisecond'
          ELSE NULL END
      RETURNING failures, locked_until AS "lockedUntil"`;
    return refusedForMs(row, now, key.policy);
  }

  private async clear(id: string): Promise<void> {
    await this.prisma.loginThrottle.deleteMany({ where: { id } });
  }

  /** Takes back one counted attempt (it succeeded); a lock it alone caused is lifted with it. */
  private async uncount(key: Keyed): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE login_throttles
         SET failures = GREATEST(failures - 1, 0),
             locked_until = CASE WHEN failures - 1 < ${key.policy.maxFailures}::int THEN NULL
                                 ELSE locked_until END
       WHERE id = ${key.id}`;
  }

  private keys(attempt: LoginAttempt): [Keyed, Keyed] {
    return [
      { id: keyId(`account:${attempt.tenantSlug}:${attempt.email}`), policy: this.policies.account },
      { id: keyId(`address:${attempt.address}`), policy: this.policies.address },
    ];
  }
}
