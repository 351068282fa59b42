import type { TemplateCategory, TemplateStatus } from '@leadline/database';

/**
 * Meta's template status (listing `status`, or a `message_template_status_update` event) in our
 * terms. Only `approved` is sendable, so anything we cannot read lands on a status that is not:
 * a new, unknown status must never make a template go out.
 */
export function templateStatusFromProvider(status: string): TemplateStatus {
  switch (status.toUpperCase()) {
    case 'APPROVED':
    case 'REINSTATED':
    case 'UNARCHIVED':
      return 'approved';
    case 'PENDING':
    case 'IN_APPEAL':
      return 'pending';
    case 'REJECTED':
      return 'rejected';
    case 'PAUSED':
    case 'FLAGGED':
      return 'paused';
    case 'DISABLED':
    case 'ARCHIVED':
    case 'DELETED':
    case 'PENDING_DELETION':
    case 'LOCKED':
    case 'LIMIT_EXCEEDED':
      return 'disabled';
    default:
      return 'pending';
  }
}

const CATEGORIES: readonly TemplateCategory[] = ['marketing', 'utility', 'authentication'];

/** MARKETING / UTILITY / AUTHENTICATION (any case) to ours; undefined for anything else or nothing. */
export function templateCategoryFromProvider(category: string | undefined): TemplateCategory | undefined {
  const lower = category?.toLowerCase();
  return CATEGORIES.find((known) => known === lower);
}
