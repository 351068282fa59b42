import type { CallerInfo } from '../../api/api-client';

/**
 * What the signed-in caller may do, as GET /api/auth/me answers it. The API refuses anything else
 * anyway; the app only uses this to hide what a person cannot do (navigation, buttons).
 */
export type Permission =
  | 'leads:write'
  | 'runs:read'
  | 'runs:write'
  | 'flows:read'
  | 'flows:write'
  | 'flows:publish'
  | 'contacts:read'
  | 'contacts:write'
  | 'contacts:erase'
  | 'pipeline:manage'
  | 'conversations:read'
  | 'conversations:write'
  | 'templates:read'
  | 'templates:write'
  | 'channels:read'
  | 'channels:write'
  | 'documents:read'
  | 'usage:read'
  | 'activities:read'
  | 'apikeys:manage'
  | 'users:manage'
  | 'audit:read'
  | 'data:export'
  | 'webhooks:manage'
  | 'campaigns:read'
  | 'campaigns:write'
  | 'workspace:manage';

export type Role = 'owner' | 'admin' | 'editor' | 'agent' | 'viewer';

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  editor: 'Editor',
  agent: 'Agent',
  viewer: 'Viewer',
};

/** What each role is for, in the words the Settings → Members page shows. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: 'Everything, including changing roles and adding or removing owners.',
  admin: 'Everything except changing roles: members, channels, keys, webhooks, flows, contacts.',
  editor: 'Builds and publishes flows and templates; reads conversations and contacts.',
  agent: 'Answers conversations and keeps contacts up to date; cannot edit flows or settings.',
  viewer: 'Reads everything, changes nothing.',
};

export type Caller = CallerInfo;

export function can(caller: Caller | null | undefined, permission: Permission): boolean {
  return !!caller && caller.permissions.includes(permission);
}
