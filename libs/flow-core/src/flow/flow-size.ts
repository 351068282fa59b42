/**
 * How big a flow document may be. A flow is a conversation someone designs on a canvas: real ones
 * have tens to a few hundred nodes. The limits keep a single document from costing the API, the
 * validator, the editor and every run that loads the version more than a sane flow ever would.
 */
export const MAX_FLOW_NODES = 2000;
/** Bytes of the document as UTF-8 JSON. */
export const MAX_FLOW_BYTES = 1_000_000;

/** What makes `document` too large, in plain words; null when it is within both limits. */
export function flowSizeProblem(document: unknown): string | null {
  const nodes = (document as { nodes?: unknown } | null)?.nodes;
  if (Array.isArray(nodes) && nodes.length > MAX_FLOW_NODES) {
    return `The flow has ${nodes.length.toLocaleString('en-US')} steps; a flow may have at most ${MAX_FLOW_NODES.toLocaleString('en-US')}. Split it into smaller flows.`;
  }
  const bytes = new TextEncoder().encode(JSON.stringify(document) ?? '').length;
  if (bytes > MAX_FLOW_BYTES) {
    return `The flow is ${(bytes / 1_000_000).toFixed(1)} MB; a flow may be at most 1 MB. Split it into smaller flows or shorten its texts.`;
  }
  return null;
}
