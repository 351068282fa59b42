/**
 * Every column that holds a secret sealed with ENCRYPTION_KEY (libs/secrets). `keys reseal` re-encrypts
 * all of them after a key rotation: a new sealed column is one entry here (a test compares this list
 * with the database's bytea columns). Rows are uuid-keyed tenant tables with created_at.
 */
export interface SealedColumn {
  table: string;
  column: string;
  /** audit_logs.target_type and .action of a resealed row. */
  targetType: string;
  auditAction: string;
  /** What names a row in the report, as SQL expressions over the row `t`; never a secret. */
  fields: Readonly<Record<string, string>>;
  label: (fields: Readonly<Record<string, string>>) => string;
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  {
    table: 'channels',
    column: 'encrypted_credentials',
    targetType: 'channel',
    auditAction: 'channel.credentials_resealed',
    fields: { provider: 't.provider::text', phoneNumberId: 't.phone_number_id' },
    label: (f) => `${f.provider} channel ${f.phoneNumberId}`,
  },
  {
    table: 'tenant_secrets',
    column: 'sealed',
    targetType: 'tenant_secret',
    auditAction: 'tenant_secret.resealed',
    fields: { name: 't.name' },
    label: (f) => `secret ${f.name}`,
  },
  {
    table: 'webhook_subscriptions',
    column: 'sealed_secret',
    targetType: 'webhook_subscription',
    auditAction: 'webhook_subscription.secret_resealed',
    // Not the URL: it may carry a token in its query string.
    fields: {},
    label: () => 'webhook subscription',
  },
  {
    // Files customers send are sealed with the same keys (libs/documents media-store.ts).
    table: 'message_media',
    column: 'content',
    targetType: 'message_media',
    auditAction: 'message_media.resealed',
    fields: { kind: 't.kind' },
    label: (f) => `${f.kind} file a contact sent`,
  },
];

/** bytea columns that are not sealed secrets, and why (so the list above is known to be complete). */
export const UNSEALED_BYTEA_COLUMNS: Readonly<Record<string, string>> = {
  'documents.content': 'a rendered invoice or quote for the contact, not a secret',
};
