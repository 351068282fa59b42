import { ConflictException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { isUuid, Prisma, withTenant, type PrismaClient } from '@leadline/database';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/api-key-principal';
import { notFound } from '../errors/not-found';
import { QUICK_REPLIES_MAX, type QuickReplyInput } from './quick-replies.schema';
import { InjectPrisma } from '@leadline/bootstrap';

export interface QuickReplyView {
  id: string;
  title: string;
  body: string;
  updatedAt: string;
}

const view = (row: { id: string; title: string; body: string; updatedAt: Date }): QuickReplyView => ({
  id: row.id,
  title: row.title,
  body: row.body,
  updatedAt: row.updatedAt.toISOString(),
});

const taken = (title: string) =>
  new ConflictException({
    code: 'QUICK_REPLY_EXISTS',
    message: `There is already a quick reply called "${title}".`,
  });

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/** The workspace's saved answers: everyone who answers reads them; owners and admins keep them. */
@Injectable()
export class QuickRepliesService {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal): Promise<QuickReplyView[]> {
    return withTenant(this.prisma, principal.tenantId, async (tx) =>
      (await tx.quickReply.findMany({ orderBy: { title: 'asc' } })).map(view),
    );
  }

  async create(principal: Principal, input: QuickReplyInput): Promise<QuickReplyView> {
    try {
      return await withTenant(this.prisma, principal.tenantId, async (tx) => {
        if ((await tx.quickReply.count()) >= QUICK_REPLIES_MAX) {
          throw new UnprocessableEntityException({
            code: 'QUICK_REPLIES_FULL',
            message: `A workspace keeps at most ${QUICK_REPLIES_MAX} quick replies; remove one first.`,
          });
        }
        const row = await tx.quickReply.create({ data: { tenantId: principal.tenantId, ...input } });
        await this.audit.record(tx, principal, {
          action: 'quick_reply.created',
          targetType: 'quick_reply',
          targetId: row.id,
          data: { title: row.title },
        });
        return view(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw taken(input.title);
      throw error;
    }
  }

  async update(principal: Principal, id: string, input: QuickReplyInput): Promise<QuickReplyView> {
    if (!isUuid(id)) throw notFound('quick reply', id);
    try {
      const row = await withTenant(this.prisma, principal.tenantId, async (tx) => {
        const found = await tx.quickReply.findUnique({ where: { id }, select: { id: true } });
        if (!found) return undefined;
        const updated = await tx.quickReply.update({ where: { id }, data: input });
        await this.audit.record(tx, principal, {
          action: 'quick_reply.updated',
          targetType: 'quick_reply',
          targetId: id,
          data: { title: updated.title },
        });
        return updated;
      });
      if (!row) throw notFound('quick reply', id);
      return view(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw taken(input.title);
      throw error;
    }
  }

  async remove(principal: Principal, id: string): Promise<void> {
    if (!isUuid(id)) throw notFound('quick reply', id);
    const removed = await withTenant(this.prisma, principal.tenantId, async (tx) => {
      const { count } = await tx.quickReply.deleteMany({ where: { id } });
      if (count) {
        await this.audit.record(tx, principal, {
          action: 'quick_reply.removed',
          targetType: 'quick_reply',
          targetId: id,
        });
      }
      return count;
    });
    if (!removed) throw notFound('quick reply', id);
  }
}
