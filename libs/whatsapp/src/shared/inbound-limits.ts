import type { ChannelEvent, MessageEvent } from '../events/channel-event';

/**
 * How much of a contact's input we keep. A genuine webhook never exceeds WhatsApp's own limits, so
 * anything longer is forged or broken: it is cut (not refused), so the rest of the message and the
 * conversation are kept. Text and captions follow Meta's Cloud API limits (`text.body` 4096,
 * captions 1024; Twilio's 1600 is an outbound SMS limit and does not bind inbound WhatsApp text).
 * WhatsApp caps profile names at 25 characters; we keep up to 100 because apps count emoji and
 * combining marks differently.
 */
export const INBOUND_LIMITS = {
  text: 4096,
  caption: 1024,
  profileName: 100,
} as const;

/** How deeply a webhook body may nest: Meta's deepest payloads are under 10 levels. */
export const MAX_WEBHOOK_DEPTH = 32;

/** Cuts to `max` code points, never splitting a surrogate pair. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  return Array.from(text).slice(0, max).join('');
}

/** NUL can be neither in a PostgreSQL text column nor in jsonb; it carries no meaning in a message. */
function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}

/** Whether any string in a JSON-like value holds a NUL (nearly never): read only, nothing allocated. */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object') {
    for (const key in value) {
      if (Object.hasOwn(value, key) && hasNul((value as Record<string, unknown>)[key])) return true;
    }
  }
  return false;
}

/** Every string in a JSON-like value with NUL removed (the value is already depth-checked). */
function stripNul<T>(value: T): T {
  if (typeof value === 'string') return withoutNul(value) as T;
  if (Array.isArray(value)) return value.map((item) => stripNul(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stripNul(item)])) as T;
  }
  return value;
}

function withinLimits({ contact, message }: MessageEvent): boolean {
  return (
    (contact.name === undefined || contact.name.length <= INBOUND_LIMITS.profileName) &&
    (message.text === undefined || message.text.length <= INBOUND_LIMITS.text) &&
    (message.media?.caption === undefined || message.media.caption.length <= INBOUND_LIMITS.caption)
  );
}

function boundMessage(event: MessageEvent): MessageEvent {
  const { contact, message } = event;
  return {
    ...event,
    contact:
      contact.name === undefined
        ? contact
        : { ...contact, name: truncateText(contact.name, INBOUND_LIMITS.profileName) },
    message: {
      ...message,
      ...(message.text === undefined ? {} : { text: truncateText(message.text, INBOUND_LIMITS.text) }),
      ...(message.media?.caption === undefined
        ? {}
        : {
            media: { ...message.media, caption: truncateText(message.media.caption, INBOUND_LIMITS.caption) },
          }),
    },
  };
}

/**
 * The one place where a normalised event is made safe to store, for both providers: NUL removed
 * from every free-text value (ids that contain NUL were already refused by the parsers), and
 * contact text cut to INBOUND_LIMITS. An event with nothing to remove or cut (nearly every one) is
 * returned as it is, without a copy: it runs on every webhook event, and copying every object of
 * it was a per-webhook cost (issue 21, eighth round).
 */
export function boundInboundEvent<T extends ChannelEvent>(event: T): T {
  const clean = hasNul(event) ? stripNul(event) : event;
  return (clean.kind === 'message' && !withinLimits(clean) ? boundMessage(clean) : clean) as T;
}

/** True when `value` nests deeper than `max` arrays/objects. Iterative, so any depth is safe to ask. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (!current || typeof current !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(current)) {
      if (child && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
