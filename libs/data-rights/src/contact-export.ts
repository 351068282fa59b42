import type { TenantTransaction } from '@leadline/database';
import { jsonSafe } from './json-safe';

export const CONTACT_EXPORT_FORMAT = 'leadline.contact-export.v1';

/**
 * Where each table that holds a contact's rows appears in the export. The export test checks that
 * every table with a contact_id column is listed here, so a new table cannot be left out silently.
 */
export const CONTACT_EXPORT_SECTIONS = {
  conversations: 'conversations',
  messages: 'messages',
  flow_runs: 'runs',
  documents: 'documents',
  ai_usage: 'aiUsage',
  contact_events: 'contactEvents',
  run_timers: 'runTimers',
  outbound_events: 'outboundEvents',
  campaign_recipients: 'campaigns',
  conversation_notes: 'conversationNotes',
  message_media: 'media',
  contact_stage_changes: 'stageChanges',
  contact_notes: 'notes',
  notification_events: 'notifications',
} as const satisfies Record<string, string>;

/**
 * Tables with a contact_id whose rows only copy columns of the contact's own row, which the export
 * holds in `contact`: they have no section (the export test checks each is listed here or above).
 */
export const CONTACT_EXPORT_DERIVED: Readonly<Record<string, string>> = {
  contact_activity:
    "contacts.last_inbound_at, copied by a trigger for the contacts list's sort (migration 20261208010000_contact_activity)",
};

type Row = Record<string, unknown>;

/** Everything Leadline holds about one contact, as plain JSON (bytes as base64, ids as strings). */
export interface ContactExport {
  format: typeof CONTACT_EXPORT_FORMAT;
  exportedAt: string;
  contact: Row;
  conversations: Row[];
  messages: Row[];
  /** Each run with its flow's key and name and its trace (`events`). */
  runs: Row[];
  /** Quotes and invoices; `content` is the PDF as base64 when it is stored in the database. */
  documents: Row[];
  aiUsage: Row[];
  /** The engine's inbox for this contact (messages, statuses, timers, leads as they arrived). */
  contactEvents: Row[];
  runTimers: Row[];
  /** Events sent to the tenant's webhooks about this contact, with their delivery state. */
  outboundEvents: Row[];
  /** The campaigns the contact was in: what was sent, whether they replied. */
  campaigns: Row[];
  /** The team's internal notes on the contact's conversations. */
  conversationNotes: Row[];
  /** Files the contact sent; `file` is the file as base64 when it is kept and could be opened. */
  media: Row[];
  /** The contact's moves through the pipeline: from, to, by whom (person, integration or flow), when. */
  stageChanges: Row[];
  /** The team's internal notes on the contact. */
  notes: Row[];
  /** What the team was told about the contact (new lead, handoff, reply), for whom the notices went out. */
  notifications: Row[];
}

/** Opens a kept file (they are sealed at rest; the media store knows how). */
export type MediaOpener = (
  tx: TenantTransaction,
  ref: { tenantId: string; mediaId: string; storageKey: string | null },
) => Promise<Buffer | undefined>;

function rows(value: unknown): Row[] {
  return jsonSafe(value) as Row[];
}

/** The contact's data in the caller's tenant transaction; undefined when there is no such contact. */
export async function exportContact(
  tx: TenantTransaction,
  contactId: string,
  now: Date,
  options: { openMedia?: MediaOpener } = {},
): Promise<ContactExport | undefined> {
  const contact = await tx.contact.findUnique({
    where: { id: contactId },
    include: { stage: { select: { name: true } } },
  });
  if (!contact) return undefined;
  const runs = await tx.flowRun.findMany({
    where: { contactId },
    orderBy: { startedAt: 'asc' },
    include: {
      flow: { select: { key: true, name: true } },
      flowVersion: { select: { version: true } },
      events: { orderBy: { seq: 'asc' } },
    },
  });
  const runIds = runs.map((run) => run.id);
  // One query at a time: a transaction is one connection, and pg queues concurrent queries anyway.
  const conversations = await tx.conversation.findMany({
    where: { contactId },
    orderBy: { createdAt: 'asc' },
  });
  const messages = await tx.message.findMany({
    where: { contactId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const documents = await tx.document.findMany({ where: { contactId }, orderBy: { createdAt: 'asc' } });
  // Usage is tied to the contact, or only to one of its runs (a step that ran before the link).
  const aiUsage = await tx.aiUsage.findMany({
    where: { OR: [{ contactId }, { runId: { in: runIds } }] },
    orderBy: { at: 'asc' },
  });
  const contactEvents = await tx.contactEvent.findMany({ where: { contactId }, orderBy: { id: 'asc' } });
  const runTimers = await tx.runTimer.findMany({ where: { contactId }, orderBy: { dueAt: 'asc' } });
  const outboundEvents = await tx.outboundEvent.findMany({
    where: { contactId },
    orderBy: { occurredAt: 'asc' },
    include: {
      deliveries: {
        select: {
          id: true,
          subscriptionId: true,
          status: true,
          attempts: true,
          deliveredAt: true,
          lastStatusCode: true,
        },
      },
    },
  });
  const campaigns = await tx.campaignRecipient.findMany({
    where: { contactId },
    orderBy: { id: 'asc' },
    include: { campaign: { select: { name: true, templateName: true, templateLanguage: true } } },
  });
  const conversationNotes = await tx.conversationNote.findMany({
    where: { contactId },
    orderBy: { createdAt: 'asc' },
  });
  const mediaRows = await tx.messageMedia.findMany({ where: { contactId }, orderBy: { createdAt: 'asc' } });
  const media: Row[] = [];
  for (const { content: _sealed, ...row } of mediaRows) {
    // A file that cannot be opened (sealed under a key no longer configured, damaged) leaves its
    // row in the export without the bytes: one unreadable photo must not withhold the whole export.
    const file =
      row.status === 'stored' && options.openMedia
        ? await options
            .openMedia(tx, { tenantId: row.tenantId, mediaId: row.id, storageKey: row.storageKey })
            .catch(() => undefined)
        : undefined;
    media.push({ ...(jsonSafe(row) as Row), file: file ? file.toString('base64') : null });
  }
  const stageChanges = await tx.contactStageChange.findMany({
    where: { contactId },
    orderBy: { createdAt: 'asc' },
  });
  const notes = await tx.contactNote.findMany({ where: { contactId }, orderBy: { createdAt: 'asc' } });
  const notifications = await tx.notificationEvent.findMany({
    where: { contactId },
    orderBy: { occurredAt: 'asc' },
  });
  return {
    format: CONTACT_EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    contact: jsonSafe(contact) as Row,
    conversations: rows(conversations),
    messages: rows(messages),
    runs: rows(runs),
    documents: rows(documents),
    aiUsage: rows(aiUsage),
    contactEvents: rows(contactEvents),
    runTimers: rows(runTimers),
    outboundEvents: rows(outboundEvents),
    campaigns: rows(campaigns),
    conversationNotes: rows(conversationNotes),
    media,
    stageChanges: rows(stageChanges),
    notes: rows(notes),
    notifications: rows(notifications),
  };
}
