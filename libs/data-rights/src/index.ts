export { jsonSafe } from './json-safe';
export { tablesWithContactId } from './contact-tables';
export {
  exportContact,
  CONTACT_EXPORT_FORMAT,
  CONTACT_EXPORT_DERIVED,
  CONTACT_EXPORT_SECTIONS,
  type ContactExport,
} from './contact-export';
export { eraseContact, type ErasureSummary, type QueuedWork } from './contact-erasure';
export {
  exportTenant,
  tenantTables,
  TENANT_EXPORT_FORMAT,
  TENANT_EXPORT_EXCLUDED,
  TENANT_EXPORT_REDACTED,
  TENANT_EXPORT_BATCH,
} from './tenant-export';
export {
  retentionPolicy,
  retentionSettingsSchema,
  cutoff,
  InvalidRetentionSettingsError,
  RETENTION_KINDS,
  type RetentionPolicy,
  type RetentionSettings,
} from './retention-policy';
export { applyRetention, RETENTION_BATCH } from './apply-retention';
export {
  applyRetentionToAllTenants,
  type RetentionSweepOptions,
  type TenantRetentionOutcome,
} from './retention-sweep';
