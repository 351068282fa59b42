import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import {
  createUser,
  isUuid,
  USER_VIEW,
  UserExistsError,
  withTenant,
  type PrismaClient,
  type TenantTransaction,
  type UserView,
} from '@leadline/database';
import { hashPassword } from '@leadline/secrets';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/api-key-principal';
import { permissionsBeyond, ROLE_CHANGES_NEED, type Role } from '../auth/role-permissions';
import { InjectPrisma } from '@leadline/bootstrap';
import { notFound } from '../errors/not-found';
import { pageArgs, toPage, type Page } from '../pagination/page';
import type { CreateUser, ListUsers, UpdateUser } from './users.schema';

function ownerOnly(what: string): ForbiddenException {
  return new ForbiddenException({ code: 'OWNER_ONLY', message: `Only an owner (signed in) can ${what}.` });
}

/**
 * Nobody grants more than they hold: a user (or API key) may only give a role whose permissions it
 * has itself, so users:manage alone cannot mint an admin and sign in as it.
 */
function refuseRoleBeyond(principal: Principal, role: Role): void {
  const beyond = permissionsBeyond(principal.permissions, role);
  if (beyond.length === 0) return;
  throw new ForbiddenException({
    code: 'ROLE_NOT_HELD',
    message: `You cannot give the role ${role}: it has permissions you do not hold yourself (${beyond.join(', ')}).`,
  });
}

function lastOwner(): ConflictException {
  return new ConflictException({
    code: 'LAST_OWNER',
    message: 'A workspace needs at least one owner: make someone else an owner first.',
  });
}

/** Signed-in owners only: an API key, even one with users:manage, never changes who is an owner. */
function isOwner(principal: Principal): boolean {
  return principal.kind === 'user' && principal.role === ROLE_CHANGES_NEED;
}

/**
 * Workspace members. users:manage lets owners and admins add and remove people; changing a role,
 * and creating or removing an owner, is for owners alone; the last owner can be neither demoted nor
 * removed.
 */
@Injectable()
export class UsersService {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, query: ListUsers): Promise<Page<UserView>> {
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const rows = await tx.user.findMany({
        where: query.role ? { role: query.role } : {},
        select: USER_VIEW,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        ...pageArgs(query),
      });
      return toPage(rows, query);
    });
  }

  async get(principal: Principal, id: string): Promise<UserView> {
    if (!isUuid(id)) throw notFound('user', id);
    const user = await withTenant(this.prisma, principal.tenantId, (tx) =>
      tx.user.findUnique({ where: { id }, select: USER_VIEW }),
    );
    if (!user) throw notFound('user', id);
    return user;
  }

  async create(principal: Principal, input: CreateUser): Promise<UserView> {
    if (input.role === 'owner' && !isOwner(principal)) throw ownerOnly('add an owner');
    refuseRoleBeyond(principal, input.role);
    const passwordHash = await hashPassword(input.password);
    try {
      return await withTenant(this.prisma, principal.tenantId, async (tx) => {
        const user = await createUser(tx, {
          tenantId: principal.tenantId,
          email: input.email,
          name: input.name ?? null,
          passwordHash,
          role: input.role,
        });
        await this.audit.record(tx, principal, {
          action: 'user.created',
          targetType: 'user',
          targetId: user.id,
          data: { email: user.email, role: user.role },
        });
        return user;
      });
    } catch (error) {
      if (error instanceof UserExistsError) {
        throw new ConflictException({ code: 'USER_EXISTS', message: `${error.message}.` });
      }
      throw error;
    }
  }

  async update(principal: Principal, id: string, input: UpdateUser): Promise<UserView> {
    if (!isUuid(id)) throw notFound('user', id);
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const user = await this.lockedUser(tx, id);
      const newRole = input.role !== undefined && input.role !== user.role ? input.role : undefined;
      const roleChanges = newRole !== undefined;
      if (newRole !== undefined) {
        if (!isOwner(principal)) throw ownerOnly('change roles');
        refuseRoleBeyond(principal, newRole);
        if (user.role === 'owner') await this.keepAnOwner(tx, id);
      }
      const updated = await tx.user.update({
        where: { id },
        data: {
          ...(roleChanges ? { role: input.role } : {}),
          ...(input.name !== undefined ? { name: input.name } : {}),
        },
        select: USER_VIEW,
      });
      if (roleChanges) {
        await this.audit.record(tx, principal, {
          action: 'user.role_changed',
          targetType: 'user',
          targetId: id,
          data: { email: user.email, from: user.role, to: updated.role },
        });
      }
      return updated;
    });
  }

  async remove(principal: Principal, id: string): Promise<void> {
    if (!isUuid(id)) throw notFound('user', id);
    await withTenant(this.prisma, principal.tenantId, async (tx) => {
      const user = await this.lockedUser(tx, id);
      if (user.role === 'owner') {
        if (!isOwner(principal)) throw ownerOnly('remove an owner');
        await this.keepAnOwner(tx, id);
      }
      await tx.user.delete({ where: { id } });
      await this.audit.record(tx, principal, {
        action: 'user.deleted',
        targetType: 'user',
        targetId: id,
        data: { email: user.email, role: user.role },
      });
    });
  }

  private async lockedUser(tx: TenantTransaction, id: string): Promise<{ email: string; role: Role }> {
    const [user] = await tx.$queryRaw<Array<{ email: string; role: Role }>>`
      SELECT email, role::text AS role FROM users WHERE id = ${id}::uuid FOR UPDATE`;
    if (!user) throw notFound('user', id);
    return user;
  }

  /**
   * Refuses when `leaving` is the only owner. The owners' rows are locked, so two owners demoting
   * each other at the same moment cannot both succeed.
   */
  private async keepAnOwner(tx: TenantTransaction, leaving: string): Promise<void> {
    const owners = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM users WHERE role = 'owner' ORDER BY id FOR UPDATE`;
    if (!owners.some((owner) => owner.id !== leaving)) throw lastOwner();
  }
}
