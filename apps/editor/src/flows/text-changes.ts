import { viewNode } from './node-view';

/** What a contact would read from one step, field by field, in the words the diff shows. */
function spokenTexts(data: Record<string, unknown>): Record<string, string> {
  const texts: Record<string, string> = {};
  const put = (label: string, value: unknown) => {
    if (typeof value === 'string' && value.trim() !== '') texts[label] = value.trim();
  };
  put('Text', data.text);
  const media = data.media as Record<string, unknown> | undefined;
  put('Caption', media?.caption);
  if (Array.isArray(data.buttons)) {
    put(
      'Buttons',
      data.buttons
        .map((button) => (button as { title?: unknown }).title)
        .filter((title) => typeof title === 'string')
        .join(' · '),
    );
  }
  put('Reply when the answer is not valid', data.invalidText);
  return texts;
}

export interface TextChange {
  nodeId: string;
  /** The step's title as the canvas shows it. */
  step: string;
  field: string;
  before: string;
  after: string;
}

interface DocumentNode {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

function nodesOf(document: unknown): Map<string, DocumentNode> {
  const nodes = (document as { nodes?: unknown } | null)?.nodes;
  return new Map(
    (Array.isArray(nodes) ? nodes : [])
      .filter((node): node is DocumentNode => typeof node?.id === 'string' && typeof node?.data === 'object')
      .map((node) => [node.id, node]),
  );
}

/**
 * The old and new words of the steps a publish changes, so the author reads what contacts will get
 * instead of a list of ids and field names. Only the steps the server's diff names are compared.
 */
export function textChanges(before: unknown, after: unknown, changedIds: readonly string[]): TextChange[] {
  const old = nodesOf(before);
  const now = nodesOf(after);
  const changes: TextChange[] = [];
  for (const nodeId of changedIds) {
    const was = old.get(nodeId);
    const is = now.get(nodeId);
    if (!was || !is) continue;
    const wasTexts = spokenTexts(was.data);
    const isTexts = spokenTexts(is.data);
    for (const field of new Set([...Object.keys(wasTexts), ...Object.keys(isTexts)])) {
      const beforeText = wasTexts[field] ?? '';
      const afterText = isTexts[field] ?? '';
      if (beforeText === afterText) continue;
      changes.push({
        nodeId,
        step: viewNode(is.type, is.data).title,
        field,
        before: beforeText,
        after: afterText,
      });
    }
  }
  return changes;
}
