/** The channels a Meta webhook body names, read before its signature is known to be good. */
export interface MetaWebhookTargets {
  /** `entry[].changes[].value.metadata.phone_number_id`: the number a `messages` change is for. */
  phoneNumberIds: string[];
  /** `entry[].id`: the WABA a WABA-level change (template status) is for. */
  wabaIds: string[];
}

/** At most this many distinct ids are looked up per request, so a forged body cannot make us open many. */
export const MAX_WEBHOOK_TARGETS = 100;

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function property(value: unknown, key: string): unknown {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 512 && !value.includes('\u0000');
}

/**
 * Which channels' secrets could have signed this body. Runs on unverified input, so it reads only
 * the two fixed paths, walks nothing recursively, never throws on any JSON value, and stops at
 * MAX_WEBHOOK_TARGETS ids of each kind. Shape is validated only after the signature is checked.
 */
export function metaWebhookTargets(body: unknown): MetaWebhookTargets {
  const phoneNumberIds = new Set<string>();
  const wabaIds = new Set<string>();
  for (const entry of asArray(property(body, 'entry'))) {
    const wabaId = property(entry, 'id');
    if (isId(wabaId) && wabaIds.size < MAX_WEBHOOK_TARGETS) wabaIds.add(wabaId);
    for (const change of asArray(property(entry, 'changes'))) {
      const id = property(property(property(change, 'value'), 'metadata'), 'phone_number_id');
      if (isId(id) && phoneNumberIds.size < MAX_WEBHOOK_TARGETS) phoneNumberIds.add(id);
    }
  }
  return { phoneNumberIds: [...phoneNumberIds], wabaIds: [...wabaIds] };
}
