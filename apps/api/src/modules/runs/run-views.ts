import type { Prisma } from '@leadline/database';

/** A run as the list and the detail show it. */
export interface RunSummary {
  id: string;
  flowKey: string;
  flowVersion: number;
  contactId: string;
  contactPhone: string;
  status: string;
  currentNode: string | null;
  startedAt: Date;
  updatedAt: Date;
  endedAt: Date | null;
  error: Prisma.JsonValue | null;
}

export interface RunPage {
  data: RunSummary[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface RunEventView {
  seq: number;
  at: Date;
  type: string;
  nodeId: string | null;
  port: string | null;
  data: Prisma.JsonValue;
}

export interface RunMessageView {
  id: string;
  direction: string;
  type: string;
  status: string;
  body: Prisma.JsonValue;
  templateName: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
  failedAt: Date | null;
}

export interface RunDetail extends RunSummary {
  conversationId: string | null;
  vars: Prisma.JsonValue;
  /** The run's steps in order. */
  events: RunEventView[];
  /** What the run sent, and what the contact wrote in its conversation while the run was active. */
  messages: RunMessageView[];
}
