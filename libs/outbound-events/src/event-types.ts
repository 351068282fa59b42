/** What a tenant can subscribe to. */
export const OUTBOUND_EVENT_TYPES = [
  'lead.captured',
  'run.completed',
  'run.handoff',
  'message.failed',
] as const;

export type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];

export function isOutboundEventType(value: unknown): value is OutboundEventType {
  return typeof value === 'string' && (OUTBOUND_EVENT_TYPES as readonly string[]).includes(value);
}
