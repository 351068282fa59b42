import type { Caller, Permission } from '../auth';
import { can } from '../auth';

export interface Section {
  path: string;
  label: string;
  /** What the caller must hold to see the section in the navigation (the API checks it again). */
  needs: Permission;
}

/**
 * The web app's sections, in the navigation's order. Agents and viewers read conversations and
 * contacts; the flow editor is for those who may edit flows; settings for owners and admins.
 */
export const SECTIONS: readonly Section[] = [
  { path: '/inbox', label: 'Inbox', needs: 'conversations:read' },
  { path: '/contacts', label: 'Contacts', needs: 'contacts:read' },
  { path: '/pipeline', label: 'Pipeline', needs: 'contacts:read' },
  { path: '/flows', label: 'Flows', needs: 'flows:write' },
  { path: '/settings', label: 'Settings', needs: 'users:manage' },
];

export function sectionsFor(caller: Caller | null): Section[] {
  return SECTIONS.filter((section) => can(caller, section.needs));
}

/** Where "/" leads: the first section the caller may open. */
export function homePath(caller: Caller | null): string {
  return sectionsFor(caller)[0]?.path ?? '/contacts';
}
