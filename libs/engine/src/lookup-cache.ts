import type { PrismaClient, TenantTransaction } from '@leadline/database';

/**
 * Small per-process caches for what every webhook and step reads and almost nothing changes: which
 * tenant owns a phone number, and a tenant's settings. Entries live `ttlMs` (so a change made by
 * another process is seen within that time) and are dropped at once by the `forget*` calls the
 * writing process makes. Only hits are cached: an unknown number is looked up every time, so a
 * channel added a moment ago is found at once.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly limit = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: K, value: V): void {
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, { value, until: this.now() + this.ttlMs });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * How long another process' change to a channel's owner or a tenant's settings may go unseen here.
 * A channel that moves to another tenant is deleted first (messages and conversations reference it),
 * so a stale entry can only fail a write on the missing channel, never write into the wrong tenant.
 */
export const LOOKUP_TTL_MS = 5_000;

export interface ChannelOwner {
  id: string;
  tenantId: string;
}

const channels = new TtlCache<string, ChannelOwner>(LOOKUP_TTL_MS);
const settings = new TtlCache<string, unknown>(LOOKUP_TTL_MS);

/** The channel a webhook names, by provider and number (system-level: no tenant is known yet). */
export async function channelByNumber(
  prisma: PrismaClient,
  provider: string,
  phoneNumberId: string,
): Promise<ChannelOwner | null> {
  const key = `${provider}\u0000${phoneNumberId}`;
  const cached = channels.get(key);
  if (cached) return cached;
  const row = await prisma.channel.findUnique({
    where: { provider_phoneNumberId: { provider: provider as 'meta' | 'twilio' | 'sandbox', phoneNumberId } },
    select: { id: true, tenantId: true },
  });
  if (row) channels.set(key, row);
  return row;
}

/** A tenant's settings (JSON), read in the caller's tenant transaction when not cached. */
export async function tenantSettings(tx: TenantTransaction, tenantId: string): Promise<unknown> {
  return tenantSettingsBy(tenantId, async () => {
    const row = await tx.tenant.findUnique({ where: { id: tenantId }, select: { settings: true } });
    return row?.settings ?? null;
  });
}

/** tenantSettings with the read left to the caller (the plain-SQL hot path reads it its own way). */
export async function tenantSettingsBy(tenantId: string, read: () => Promise<unknown>): Promise<unknown> {
  const cached = settings.get(tenantId);
  if (cached !== undefined) return cached;
  const value = (await read()) ?? null;
  settings.set(tenantId, value);
  return value;
}

/** Drops what this process cached about a channel (call after changing or deleting it). */
export function forgetChannel(provider: string, phoneNumberId: string): void {
  channels.delete(`${provider}\u0000${phoneNumberId}`);
}

/** Drops a tenant's cached settings (call after changing them). */
export function forgetTenantSettings(tenantId: string): void {
  settings.delete(tenantId);
}

/** Empties every lookup cache (tests that rewrite channels or settings directly). */
export function forgetAllLookups(): void {
  channels.clear();
  settings.clear();
}
