import { z } from 'zod';

/**
 * How many days each kind of data is kept; null keeps it for ever. Tenants override the defaults
 * (from the environment) in `tenants.settings.retention`.
 */
export interface RetentionPolicy {
  /** Messages (in and out); queued ones are never removed. */
  messagesDays: number | null;
  /** Run traces (run_events). */
  runEventsDays: number | null;
  auditDays: number | null;
  /** The engine's processed inbox events and published outbox entries. */
  engineEventsDays: number | null;
  /** Outbound events whose deliveries are finished, with their deliveries and attempt logs. */
  outboundEventsDays: number | null;
}

export const RETENTION_KINDS = [
  'messagesDays',
  'runEventsDays',
  'auditDays',
  'engineEventsDays',
  'outboundEventsDays',
] as const satisfies ReadonlyArray<keyof RetentionPolicy>;

const days = z
  .number({ error: 'must be a whole number of days (or null to keep for ever)' })
  .int({ error: 'must be a whole number of days' })
  .min(1, { error: 'must be at least 1 day (or null to keep for ever)' })
  .max(36_500, { error: 'must be at most 36500 days' })
  .nullable();

/** `tenants.settings.retention`: every key optional; unknown keys are refused so typos are seen. */
export const retentionSettingsSchema = z.strictObject({
  messagesDays: days.optional(),
  runEventsDays: days.optional(),
  auditDays: days.optional(),
  engineEventsDays: days.optional(),
  outboundEventsDays: days.optional(),
});

export type RetentionSettings = z.output<typeof retentionSettingsSchema>;

export class InvalidRetentionSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`tenant settings.retention is invalid: ${problems.join('; ')}`);
    this.name = 'InvalidRetentionSettingsError';
  }
}

/** The tenant's settings.retention over the defaults. Invalid settings throw, naming each key. */
export function retentionPolicy(tenantSettings: unknown, defaults: RetentionPolicy): RetentionPolicy {
  const raw = (tenantSettings as { retention?: unknown } | null)?.retention;
  if (raw === undefined || raw === null) return { ...defaults };
  const parsed = retentionSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InvalidRetentionSettingsError(
      parsed.error.issues.map((issue) => {
        const path = ['retention', ...issue.path.map(String)].join('.');
        if (issue.code === 'unrecognized_keys') return `${path}: unknown keys ${issue.keys.join(', ')}`;
        return `${path}: ${issue.message}`;
      }),
    );
  }
  const policy = { ...defaults };
  for (const kind of RETENTION_KINDS) {
    const value = parsed.data[kind];
    if (value !== undefined) policy[kind] = value;
  }
  return policy;
}

/** The moment before which data of a kind is deleted, or null when it is kept for ever. */
export function cutoff(now: Date, keepDays: number | null): Date | null {
  return keepDays === null ? null : new Date(now.getTime() - keepDays * 86_400_000);
}
