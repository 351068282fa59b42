import type { Prisma } from '../generated/prisma/client';
import type { TenantTransaction } from '../tenant-scope';

/** Emails are compared lower-cased and trimmed: `Ana@Example.com ` and `ana@example.com` are one user. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Deliberately loose: one @, something on each side, a dot in the domain, no spaces. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type UserRoleName = 'owner' | 'admin' | 'editor' | 'agent' | 'viewer';

export interface NewUser {
  tenantId: string;
  email: string;
  name?: string | null;
  /** bcrypt hash (hashPassword from @leadline/secrets); never the password. */
  passwordHash: string;
  role: UserRoleName;
}

export class UserExistsError extends Error {
  constructor(readonly email: string) {
    super(`a user with the email ${email} already exists in this workspace`);
    this.name = 'UserExistsError';
  }
}

/** The public face of a user: no password hash. */
export const USER_VIEW = {
  id: true,
  email: true,
  name: true,
  role: true,
  createdAt: true,
  lastLoginAt: true,
} satisfies Prisma.UserSelect;

export type UserView = Prisma.UserGetPayload<{ select: typeof USER_VIEW }>;

/** Inserts a user in the caller's tenant transaction; a taken email is UserExistsError. */
export async function createUser(tx: TenantTransaction, input: NewUser): Promise<UserView> {
  const email = normaliseEmail(input.email);
  const existing = await tx.user.findUnique({
    where: { tenantId_email: { tenantId: input.tenantId, email } },
    select: { id: true },
  });
  if (existing) throw new UserExistsError(email);
  return tx.user.create({
    data: {
      tenantId: input.tenantId,
      email,
      name: input.name ?? null,
      passwordHash: input.passwordHash,
      role: input.role,
    },
    select: USER_VIEW,
  });
}
