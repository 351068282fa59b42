import { Injectable } from '@nestjs/common';
import { isUuid, withTenant, type PrismaClient } from '@leadline/database';
import { contactWindow, type Clock } from '@leadline/engine';
import type { Principal } from '../auth/api-key-principal';
import { InjectClock } from '../clock/clock.module';
import { InjectPrisma } from '@leadline/bootstrap';
import { notFound } from '../errors/not-found';
import { flowSteps, type FlowStep } from './flow-steps';
import { toInboxMessage, type InboxMessage } from './message-view';
import { templateBody, templateParamCount } from './template-body';

/** The history the chat view loads at once; older messages page in from GET /api/conversations/:id/messages. */
export const HISTORY_LIMIT = 500;

export interface InboxConversationDetail {
  id: string;
  status: 'open' | 'handoff' | 'closed';
  contact: { id: string; name: string | null; phone: string; optInState: string };
  channel: { provider: string; phone: string | null };
  assignee: { id: string; name: string } | null;
  /** The contact's 24-hour window by the core's policy; `now` is the server's clock (it may run ahead in tests). */
  window: { open: boolean; closesAt: string | null; now: string };
  /** The flow runs of this conversation that have not ended, newest first, and the last one that did. */
  runs: Array<{
    id: string;
    flowName: string;
    status: string;
    /** Where it stands, in plain words. */
    at: string | null;
    steps: FlowStep[];
  }>;
  messages: InboxMessage[];
  /** True when there is older history than `messages` holds. */
  olderMessages: boolean;
  notes: Array<{ id: string; body: string; author: string; at: string }>;
  documents: Array<{
    id: string;
    kind: string;
    number: string;
    filename: string;
    currency: string;
    totalMinor: string;
  }>;
  templates: Array<{ name: string; language: string; category: string; body: string; paramCount: number }>;
}

function personName(user: { name: string | null; email: string } | null | undefined): string {
  return user?.name ?? user?.email ?? 'A former teammate';
}

/** Everything the chat view shows about one conversation, read in one tenant transaction. */
@Injectable()
export class InboxDetailService {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async get(principal: Principal, id: string): Promise<InboxConversationDetail> {
    if (!isUuid(id)) throw notFound('conversation', id);
    const now = this.clock.now();
    const detail = await withTenant(this.prisma, principal.tenantId, async (tx) => {
      const conversation = await tx.conversation.findUnique({
        where: { id },
        select: {
          id: true,
          status: true,
          channelId: true,
          contact: { select: { id: true, name: true, phone: true, optInState: true, lastInboundAt: true } },
          channel: { select: { provider: true, displayPhone: true } },
          assignedUser: { select: { id: true, name: true, email: true } },
        },
      });
      if (!conversation) return undefined;
      const [window, rows, runs, notes, documents, templates, users] = await Promise.all([
        contactWindow(tx, conversation.contact, now),
        tx.message.findMany({
          where: { conversationId: id },
          select: {
            id: true,
            direction: true,
            type: true,
            body: true,
            status: true,
            runId: true,
            errorCode: true,
            errorMessage: true,
            createdAt: true,
            media: { select: { id: true, status: true, kind: true, mimeType: true, filename: true } },
          },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: HISTORY_LIMIT + 1,
        }),
        tx.flowRun.findMany({
          where: { conversationId: id },
          select: {
            id: true,
            status: true,
            currentNode: true,
            flow: { select: { name: true } },
            flowVersion: { select: { definition: true } },
          },
          orderBy: { startedAt: 'desc' },
          take: 10,
        }),
        tx.conversationNote.findMany({
          where: { conversationId: id },
          select: { id: true, body: true, createdAt: true, author: { select: { name: true, email: true } } },
          orderBy: { createdAt: 'asc' },
        }),
        tx.document.findMany({
          where: { contactId: conversation.contact.id },
          select: { id: true, kind: true, number: true, filename: true, currency: true, totalMinor: true },
          orderBy: { createdAt: 'desc' },
          take: 20,
        }),
        tx.template.findMany({
          where: { channelId: conversation.channelId, status: 'approved' },
          select: { name: true, language: true, category: true, components: true },
          orderBy: [{ name: 'asc' }, { language: 'asc' }],
        }),
        tx.user.findMany({ select: { id: true, name: true, email: true } }),
      ]);
      const names = new Map(users.map((user) => [user.id, personName(user)]));
      const active = runs.filter((run) => ['running', 'waiting', 'handoff'].includes(run.status));
      const shownRuns = active.length ? active : runs.slice(0, 1);
      return {
        id: conversation.id,
        status: conversation.status,
        contact: {
          id: conversation.contact.id,
          name: conversation.contact.name,
          phone: conversation.contact.phone,
          optInState: conversation.contact.optInState,
        },
        channel: { provider: conversation.channel.provider, phone: conversation.channel.displayPhone },
        assignee: conversation.assignedUser
          ? { id: conversation.assignedUser.id, name: personName(conversation.assignedUser) }
          : null,
        window: {
          open: window.open,
          closesAt: window.closesAt ?? null,
          now: now.toISOString(),
        },
        runs: shownRuns.map((run) => {
          const steps = flowSteps(run.flowVersion.definition);
          return {
            id: run.id,
            flowName: run.flow.name,
            status: run.status,
            at: steps.find((step) => step.id === run.currentNode)?.label ?? null,
            steps,
          };
        }),
        messages: rows
          .slice(0, HISTORY_LIMIT)
          .reverse()
          .map((row) => toInboxMessage(row, names)),
        olderMessages: rows.length > HISTORY_LIMIT,
        notes: notes.map((note) => ({
          id: note.id,
          body: note.body,
          author: personName(note.author),
          at: note.createdAt.toISOString(),
        })),
        documents: documents.map((document) => ({
          ...document,
          totalMinor: document.totalMinor.toString(),
        })),
        templates: templates.map((template) => {
          const body = templateBody(template.components);
          return {
            name: template.name,
            language: template.language,
            category: template.category,
            body,
            paramCount: templateParamCount(body),
          };
        }),
      };
    });
    if (!detail) throw notFound('conversation', id);
    return detail;
  }
}
