/** A flow the sidebar lists: bundled with the editor, or imported by the user in this session. */
export interface FlowEntry {
  key: string;
  source: 'example' | 'imported';
  fileName: string;
  name: string;
  /** The document as last edited; may be invalid (an import is shown even when it is broken). */
  document: unknown;
}

export function flowNameOf(document: unknown, fallback: string): string {
  const name = (document as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.trim() !== '' ? name.trim() : fallback;
}
