import { PERMISSIONS, type Permission } from './permissions';

export const ROLES = ['owner', 'admin', 'editor', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** What every signed-in member of a workspace may look at. */
const VIEW: readonly Permission[] = [
  'runs:read',
  'flows:read',
  'contacts:read',
  'conversations:read',
  'templates:read',
  'channels:read',
  'documents:read',
  'usage:read',
  'activities:read',
];

/**
 * The role matrix. Owners and admins hold everything; what only an owner may do within users:manage
 * (change a role, create or remove an owner) is checked where users are managed (OWNER_ONLY below).
 * Editors build and publish flows; agents take over conversations (handoff, replies, run control);
 * viewers read.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  owner: PERMISSIONS,
  admin: PERMISSIONS,
  editor: [...VIEW, 'flows:write', 'flows:publish', 'templates:write', 'leads:write', 'runs:write'],
  agent: [...VIEW, 'conversations:write', 'contacts:write', 'runs:write'],
  viewer: VIEW,
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function permissionsOfRole(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

/** The permissions of `required` that `held` lacks, in the order they were asked for. */
export function missingPermissions(held: readonly string[], required: readonly Permission[]): Permission[] {
  return required.filter((permission) => !held.includes(permission));
}

/**
 * What giving someone `role` would hand out beyond what the caller holds: the role's permissions the
 * caller lacks. Empty when the caller may grant the role (nobody grants more than they hold).
 */
export function permissionsBeyond(held: readonly string[], role: Role): Permission[] {
  return missingPermissions(held, permissionsOfRole(role));
}

/** Changing a role, or creating or removing an owner, needs this role (not only users:manage). */
export const ROLE_CHANGES_NEED: Role = 'owner';
