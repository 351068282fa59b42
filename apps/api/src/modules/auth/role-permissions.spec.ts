import { PERMISSIONS, type Permission } from './permissions';
import {
  missingPermissions,
  permissionsOfRole,
  ROLE_PERMISSIONS,
  ROLES,
  type Role,
} from './role-permissions';

// The whole matrix, written out so that a change to a role is a visible change to this table.
const EXPECTED: Record<Permission, Role[]> = {
  'leads:write': ['owner', 'admin', 'editor'],
  'runs:read': ['owner', 'admin', 'editor', 'agent', 'viewer'],
  'runs:write': ['owner', 'admin', 'editor', 'agent'],
  'flows:read': ['owner', 'admin', 'editor', 'agent', 'viewer'],
  'flows:write': ['owner', 'admin', 'editor'],
  'flows:publish': ['owner', 'admin', 'editor'],
  'contacts:read': ['owner', 'admin', 'editor', 'agent', 'viewer'],
  'contacts:write': ['owner', 'admin', 'agent'],
  'contacts:erase': ['owner', 'admin'],
  'pipeline:manage': ['owner', 'admin'],
  'conversations:read': ['owner', 'admin', 'editor', 'agent', 'viewer'],
  'conversations:write': ['owner', 'admin', 'agent'],
  'templates:read': ['owner', 'admin', 'editor', 'agent', 'viewer'],
  'templates:write': ['owner', 'admin', 'editor'],
  'channels:read': ['owner', 'admin', 'editor', 'agent', 'viewer'],
  'channels:write': ['owner', 'admin'],
  'documents:read': ['owner', 'admin', 'editor', 'agent', 'viewer'],
  'usage:read': ['owner', 'admin', 'editor', 'agent', 'viewer'],
  'activities:read': ['owner', 'admin', 'editor', 'agent', 'viewer'],
  'apikeys:manage': ['owner', 'admin'],
  'users:manage': ['owner', 'admin'],
  'audit:read': ['owner', 'admin'],
  'data:export': ['owner', 'admin'],
  'webhooks:manage': ['owner', 'admin'],
  'campaigns:read': ['owner', 'admin', 'editor', 'agent', 'viewer'],
  'campaigns:write': ['owner', 'admin', 'editor'],
  'workspace:manage': ['owner', 'admin'],
};

describe('role permissions', () => {
  it('covers every permission in the expected table', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...PERMISSIONS].sort());
  });

  describe.each(PERMISSIONS.map((permission) => [permission]))('%s', (permission) => {
    it.each(ROLES.map((role) => [role]))('%s', (role) => {
      expect(permissionsOfRole(role).includes(permission)).toBe(EXPECTED[permission].includes(role));
    });
  });

  it('lists each permission of a role once and only known ones', () => {
    for (const role of ROLES) {
      const list = ROLE_PERMISSIONS[role];
      expect(new Set(list).size).toBe(list.length);
      expect(list.every((permission) => (PERMISSIONS as readonly string[]).includes(permission))).toBe(true);
    }
  });

  it('names what a holder lacks, in the order asked', () => {
    expect(
      missingPermissions(permissionsOfRole('viewer'), ['runs:read', 'runs:write', 'flows:publish']),
    ).toEqual(['runs:write', 'flows:publish']);
    expect(missingPermissions(permissionsOfRole('owner'), [...PERMISSIONS])).toEqual([]);
    expect(missingPermissions(['leads:write'], [])).toEqual([]);
  });
});
