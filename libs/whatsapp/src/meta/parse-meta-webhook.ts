import type { ChannelEvent, ChannelRef, ContactRef, StatusEvent } from '../events/channel-event';
import { MalformedWebhookError } from '../errors/malformed-webhook.error';
import { toE164 } from '../shared/e164';
import { ElementProblem, parseAt } from '../shared/element-parser';
import { boundInboundEvent, MAX_WEBHOOK_DEPTH, nestsDeeperThan } from '../shared/inbound-limits';
import { withoutUndefined } from '../shared/without-undefined';
import { parseMetaMessage, toErrorDetails } from './meta-inbound-message';
import { readCommonMetaWebhook } from './meta-webhook-fast-path';
import {
  changeSchema,
  contactSchema,
  entrySchema,
  envelopeSchema,
  graphErrorSchema,
  messagesValueSchema,
  statusSchema,
  templateStatusValueSchema,
  templateCategoryValueSchema,
  phoneQualityValueSchema,
  accountUpdateValueSchema,
} from './meta-webhook.schema';

export interface MetaWebhookParseResult {
  events: ChannelEvent[];
  /** One line per element that could not be read, each starting with its path; the rest were kept. */
  problems: string[];
}

const WINDOW_CLOSED_CODE = 131047;

/** Collects problems so one bad element never loses the rest of the batch. */
class Batch {
  readonly events: ChannelEvent[] = [];
  readonly problems: string[] = [];
  /** Elements read without error, including ones that produce no event (e.g. other webhook fields). */
  understood = 0;

  each(items: unknown[] | undefined, path: string, read: (item: unknown, itemPath: string) => void): void {
    items?.forEach((item, index) => this.attempt(() => read(item, `${path}[${index}]`)));
  }

  attempt(read: () => void): void {
    try {
      read();
    } catch (error) {
      if (!(error instanceof ElementProblem)) throw error;
      this.problems.push(error.message);
    }
  }
}

function phoneOf(waId: string): string {
  return toE164(waId) ?? `+${waId}`;
}

function readMessagesChange(batch: Batch, rawValue: unknown, path: string): void {
  const value = parseAt(messagesValueSchema, rawValue, path);
  const channel: ChannelRef = { provider: 'meta', phoneNumberId: value.metadata.phone_number_id };
  const names = new Map<string, string | undefined>();
  batch.each(value.contacts, `${path}.contacts`, (raw, itemPath) => {
    const contact = parseAt(contactSchema, raw, itemPath);
    names.set(contact.wa_id, contact.profile?.name);
  });
  batch.each(value.messages, `${path}.messages`, (raw, itemPath) => {
    const { from, message } = parseMetaMessage(raw, itemPath);
    const contact: ContactRef = withoutUndefined({ waId: from, phone: phoneOf(from), name: names.get(from) });
    batch.events.push({ kind: 'message', channel, contact, message });
    batch.understood++;
  });
  batch.each(value.statuses, `${path}.statuses`, (raw, itemPath) => {
    const status = parseAt(statusSchema, raw, itemPath);
    const errors = toErrorDetails(status.errors);
    const event: StatusEvent = withoutUndefined({
      kind: 'status' as const,
      channel,
      providerMessageId: status.id,
      // A played voice message was heard: as good as read.
      status: status.status === 'played' ? 'read' : status.status,
      at: status.timestamp,
      recipient: phoneOf(status.recipient_id),
      errors,
      windowClosed: errors?.some((error) => error.code === WINDOW_CLOSED_CODE) ?? false,
      callbackData: status.biz_opaque_callback_data,
      pricing: status.pricing
        ? withoutUndefined({ type: status.pricing.type, category: status.pricing.category })
        : undefined,
    });
    batch.events.push(event);
    batch.understood++;
  });
  // App- or system-level errors (not tied to one message) are surfaced for the operator.
  batch.each(value.errors, `${path}.errors`, (raw, itemPath) => {
    const error = parseAt(graphErrorSchema, raw, itemPath);
    const text = error.error_data?.details ?? error.message ?? error.title ?? '';
    batch.problems.push(`${itemPath}: provider reported error ${error.code}${text ? ` (${text})` : ''}`);
    batch.understood++;
  });
}

function readTemplateStatusChange(batch: Batch, rawValue: unknown, path: string, wabaId: string | undefined) {
  const value = parseAt(templateStatusValueSchema, rawValue, path);
  if (!wabaId)
    throw new ElementProblem(`${path.replace(/\.changes\[\d+\]\.value$/, '')}.id: expected the WABA id`);
  batch.events.push(
    withoutUndefined({
      kind: 'template_status' as const,
      wabaId,
      templateId: value.message_template_id === undefined ? undefined : String(value.message_template_id),
      templateName: value.message_template_name,
      language: value.message_template_language,
      event: value.event,
      reason: value.reason ?? undefined,
    }),
  );
  batch.understood++;
}

function requireWaba(path: string, wabaId: string | undefined): string {
  if (!wabaId)
    throw new ElementProblem(`${path.replace(/\.changes\[\d+\]\.value$/, '')}.id: expected the WABA id`);
  return wabaId;
}

function readTemplateCategoryChange(
  batch: Batch,
  rawValue: unknown,
  path: string,
  wabaId: string | undefined,
) {
  const value = parseAt(templateCategoryValueSchema, rawValue, path);
  batch.events.push(
    withoutUndefined({
      kind: 'template_category' as const,
      wabaId: requireWaba(path, wabaId),
      templateId: value.message_template_id === undefined ? undefined : String(value.message_template_id),
      templateName: value.message_template_name,
      language: value.message_template_language,
      previousCategory: value.previous_category,
      newCategory: value.new_category,
    }),
  );
  batch.understood++;
}

function readHealthChange(
  batch: Batch,
  field: 'phone_number_quality_update' | 'account_update',
  rawValue: unknown,
  path: string,
  wabaId: string | undefined,
) {
  const quality = field === 'phone_number_quality_update';
  const value = quality
    ? parseAt(phoneQualityValueSchema, rawValue, path)
    : parseAt(accountUpdateValueSchema, rawValue, path);
  const number = quality
    ? (value as { display_phone_number?: string | number }).display_phone_number
    : (value as { phone_number?: string | number }).phone_number;
  batch.events.push(
    withoutUndefined({
      kind: 'channel_health' as const,
      source: field,
      wabaId: requireWaba(path, wabaId),
      displayPhone: number === undefined ? undefined : toE164(String(number)),
      event: value.event,
      messagingTier: quality ? (value as { current_limit?: string }).current_limit : undefined,
      previousTier: quality ? (value as { old_limit?: string }).old_limit : undefined,
    }),
  );
  batch.understood++;
}

/**
 * Normalises a Meta webhook POST body (already signature-checked) into channel events. Every element
 * of entry[], changes[], messages[] and statuses[] is read on its own: a bad one is reported in
 * `problems` and the others are kept. Read: `messages`, `message_template_status_update`,
 * `template_category_update`, `phone_number_quality_update`, `account_update`; other fields are
 * acknowledged and ignored.
 *
 * Throws MalformedWebhookError when the body is not a WhatsApp webhook at all, nests deeper than
 * MAX_WEBHOOK_DEPTH, or when nothing in it could be read (every element was bad); its `reason` names
 * the first offending path. Events come out bounded (see inbound-limits.ts): safe to store.
 */
export function parseMetaWebhook(json: unknown): MetaWebhookParseResult {
  // Before anything walks it recursively (zod, JSON.stringify on the way to jsonb).
  if (nestsDeeperThan(json, MAX_WEBHOOK_DEPTH))
    throw new MalformedWebhookError(`payload: nested deeper than ${MAX_WEBHOOK_DEPTH} levels`);
  // Statuses and text messages, the bulk of the traffic, without zod; anything else (or anything
  // wrong) takes the schemas below, which say what is wrong and keep the good elements.
  const common = readCommonMetaWebhook(json);
  if (common) return { events: common.map(boundInboundEvent), problems: [] };
  return parseMetaWebhookWithSchemas(json);
}

/** parseMetaWebhook without its fast path: every shape, through the zod schemas (depth already checked). */
export function parseMetaWebhookWithSchemas(json: unknown): MetaWebhookParseResult {
  const batch = new Batch();
  let envelope;
  try {
    envelope = parseAt(envelopeSchema, json, '');
  } catch (error) {
    if (error instanceof ElementProblem) throw new MalformedWebhookError(error.message);
    throw error;
  }
  batch.each(envelope.entry, 'entry', (rawEntry, entryPath) => {
    const entry = parseAt(entrySchema, rawEntry, entryPath);
    batch.each(entry.changes, `${entryPath}.changes`, (rawChange, changePath) => {
      const change = parseAt(changeSchema, rawChange, changePath);
      if (change.field === 'messages') readMessagesChange(batch, change.value, `${changePath}.value`);
      else if (change.field === 'message_template_status_update') {
        readTemplateStatusChange(batch, change.value, `${changePath}.value`, entry.id);
      } else if (change.field === 'template_category_update') {
        readTemplateCategoryChange(batch, change.value, `${changePath}.value`, entry.id);
      } else if (change.field === 'phone_number_quality_update' || change.field === 'account_update') {
        readHealthChange(batch, change.field, change.value, `${changePath}.value`, entry.id);
      } else batch.understood++;
    });
  });
  if (batch.understood === 0 && batch.problems.length > 0) {
    throw new MalformedWebhookError(batch.problems[0], batch.problems);
  }
  return { events: batch.events.map(boundInboundEvent), problems: batch.problems };
}
