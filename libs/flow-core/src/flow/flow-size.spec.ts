import { flowSizeProblem, MAX_FLOW_BYTES, MAX_FLOW_NODES } from './flow-size';

const nodes = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `n${i}`, type: 'end' }));

describe('flow size limits', () => {
  it('accepts a flow at the node limit and refuses one node more, saying how many', () => {
    expect(flowSizeProblem({ nodes: nodes(MAX_FLOW_NODES) })).toBeNull();
    expect(flowSizeProblem({ nodes: nodes(MAX_FLOW_NODES + 1) })).toBe(
      'The flow has 2,001 steps; a flow may have at most 2,000. Split it into smaller flows.',
    );
  });

  it('refuses a document over 1 MB of UTF-8 JSON, counting multi-byte characters', () => {
    expect(flowSizeProblem({ nodes: [], text: 'x'.repeat(MAX_FLOW_BYTES - 100) })).toBeNull();
    // 400,000 three-byte characters: 1.2 MB although the string has fewer than a million characters.
    expect(flowSizeProblem({ nodes: [], text: '€'.repeat(400_000) })).toMatch(
      /^The flow is 1\.2 MB; a flow may be at most 1 MB/,
    );
  });
});
