import type { InboundMessage } from '@leadline/flow-core';
import { z } from 'zod';

/**
 * What each kind of contact event carries (`contact_events.payload`), written by the ingest, the
 * send path, timers, activities and the API, and read back by the contact processor. One schema per
 * kind: writers are typed by it, the reader parses with it instead of casting, so a payload that
 * does not fit fails loudly on its event (which is then retried and set aside, see
 * contact-processor.ts) instead of running a flow on `undefined`.
 */

/** The message itself was validated when its webhook was parsed (libs/whatsapp); kept as is. */
const inboundMessage = z.custom<InboundMessage>(
  (value) =>
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string',
  'an inbound message',
);

export const contactEventPayloads = {
  inbound: z.object({ message: inboundMessage, channelId: z.string() }),
  status: z.object({
    runId: z.string(),
    effectId: z.string(),
    reason: z.enum(['window_closed', 'permanent']),
    code: z.string().optional(),
    message: z.string().optional(),
  }),
  timer: z.object({ runId: z.string(), timerId: z.string() }),
  'activity.result': z.union([
    z.object({ runId: z.string(), requestId: z.string(), ok: z.literal(true), output: z.unknown() }),
    z.object({
      runId: z.string(),
      requestId: z.string(),
      ok: z.literal(false),
      error: z.object({ code: z.string(), message: z.string(), attempts: z.number().int().optional() }),
    }),
  ]),
  lead: z.object({ flowKey: z.string(), channelId: z.string() }),
  control: z.union([
    z.object({ action: z.enum(['opt_out', 'opt_in']) }),
    z.object({
      action: z.enum(['cancel', 'resume']),
      runId: z.string(),
      nodeId: z.string().optional(),
      reason: z.string().optional(),
    }),
  ]),
} as const;

export type ContactEventKind = keyof typeof contactEventPayloads;

export type ContactEventPayload<K extends ContactEventKind = ContactEventKind> = z.infer<
  (typeof contactEventPayloads)[K]
>;

/** An event as the processor applies it: kind and payload, checked together. */
export type ContactEventBody = {
  [K in ContactEventKind]: { kind: K; payload: ContactEventPayload<K> };
}[ContactEventKind];

/** Parses a stored event; throws (naming the kind, never the content) when it does not fit. */
export function parseContactEvent(kind: string, payload: unknown): ContactEventBody {
  if (!(kind in contactEventPayloads)) throw new Error(`unknown contact event kind "${kind}"`);
  const action = (payload as { action?: unknown } | null)?.action;
  if (kind === 'control' && !['opt_out', 'opt_in', 'cancel', 'resume'].includes(String(action)))
    throw new Error(`unknown control action "${String(action).slice(0, 40)}"`);
  const schema = contactEventPayloads[kind as ContactEventKind];
  const parsed = schema.safeParse(payload);
  if (!parsed.success)
    throw new Error(`contact event of kind "${kind}" has a payload that does not fit its schema`);
  return { kind, payload: parsed.data } as ContactEventBody;
}

/**
 * Dedupe keys of contact events: events with the same key are recorded once per tenant (redelivered
 * webhooks, re-fired timers, retried jobs). The sweeper's SQL builds the timer and activity keys too
 * (sweeper.ts): keep the formats in step.
 */
export const dedupeKeys = {
  inbound: (channelId: string, providerMessageId: string) => `in.${channelId}.${providerMessageId}`,
  sendFailed: (messageId: string) => `failed.${messageId}`,
  timer: (runId: string, timerId: string) => `timer.${runId}.${timerId}`,
  activity: (requestId: string) => `activity.${requestId}`,
  lead: (requestKey: string) => `lead.${requestKey}`,
} as const;
