/** A flow the sidebar lists: bundled with the editor, or imported by the user in this session. */
export interface FlowEntry {
  key: string;
  /** `remote`: stored in the workspace through the API (draft + published versions). */
  source: 'example' | 'imported' | 'remote';
  /** The API's id of the flow once it is saved there. */
  remoteId?: string;
  /** Published version number, for remote flows that have one. */
  activeVersion?: number | null;
  /** The workspace draft's revision this copy is based on (conflict detection on save). */
  revision?: number;
  fileName: string;
  name: string;
  /** The document as last edited; may be invalid (an import is shown even when it is broken). */
  document: unknown;
}

export function flowNameOf(document: unknown, fallback: string): string {
  const name = (document as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.trim() !== '' ? name.trim() : fallback;
}
