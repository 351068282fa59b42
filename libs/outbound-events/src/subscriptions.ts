import { randomBytes } from 'node:crypto';
import type { TenantTransaction } from '@leadline/database';
import type { SecretBox } from '@leadline/secrets';
import type { OutboundEventType } from './event-types';

export interface NewSubscription {
  tenantId: string;
  /** Checked by the caller (assertDeliverableUrl) before the transaction. */
  url: string;
  events: OutboundEventType[];
  description?: string;
}

/** A subscription as the API shows it: never the secret, which is returned once at creation. */
export interface SubscriptionView {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  createdAt: string;
}

/** `whsec_` and 32 random bytes: the receiver's HMAC key. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function view(row: {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  createdAt: Date;
}): SubscriptionView {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    createdAt: row.createdAt.toISOString(),
  };
}

const VIEW = { id: true, url: true, events: true, description: true, createdAt: true } as const;

/** Stores the subscription with its secret sealed; the plaintext secret is returned this once. */
export async function createSubscription(
  tx: TenantTransaction,
  box: SecretBox,
  input: NewSubscription,
): Promise<{ subscription: SubscriptionView; secret: string }> {
  const secret = generateWebhookSecret();
  const row = await tx.webhookSubscription.create({
    data: {
      tenantId: input.tenantId,
      url: input.url,
      events: [...new Set(input.events)],
      sealedSecret: new Uint8Array(box.seal({ secret })),
      description: input.description ?? null,
    },
    select: VIEW,
  });
  return { subscription: view(row), secret };
}

export async function listSubscriptions(tx: TenantTransaction): Promise<SubscriptionView[]> {
  const rows = await tx.webhookSubscription.findMany({ orderBy: { createdAt: 'asc' }, select: VIEW });
  return rows.map(view);
}

/** Deletes it with its deliveries; false when the tenant has no such subscription. */
export async function deleteSubscription(tx: TenantTransaction, id: string): Promise<boolean> {
  const { count } = await tx.webhookSubscription.deleteMany({ where: { id } });
  return count > 0;
}

/** The secret of a sealed subscription row. */
export function openWebhookSecret(box: SecretBox, sealed: Uint8Array): string {
  const secret = box.open(sealed).secret;
  if (typeof secret !== 'string') throw new Error('sealed webhook secret has no "secret" field');
  return secret;
}
