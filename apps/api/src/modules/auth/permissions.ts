/**
 * Everything a caller may be allowed to do. API keys hold a chosen subset (their "scopes"); users get
 * the set of their role (role-permissions.ts). Routes name what they need with @RequireScopes.
 */
export const PERMISSIONS = [
  'leads:write',
  'runs:read',
  'runs:write',
  'flows:read',
  'flows:write',
  'flows:publish',
  'contacts:read',
  'contacts:write',
  'contacts:erase',
  /** Add, rename, reorder and remove pipeline stages (moving contacts is contacts:write). */
  'pipeline:manage',
  'conversations:read',
  'conversations:write',
  'templates:read',
  'templates:write',
  'channels:read',
  'channels:write',
  'documents:read',
  'usage:read',
  'activities:read',
  'apikeys:manage',
  'users:manage',
  'audit:read',
  'data:export',
  'webhooks:manage',
  'campaigns:read',
  'campaigns:write',
  /** Workspace-wide settings: quick replies (saved answers) and AI provider keys. */
  'workspace:manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}
