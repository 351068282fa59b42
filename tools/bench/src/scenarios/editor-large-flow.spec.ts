import { validateFlow } from '@leadline/flow-core';
import { generateLargeFlow } from './editor-large-flow.bench';

describe('the generated flow of the editor bench', () => {
  it.each([10, 1000])('has exactly %i steps, all reachable, and no errors', (size) => {
    const flow = generateLargeFlow(size);
    const { diagnostics } = validateFlow(flow);
    expect((flow.nodes as unknown[]).length).toBe(size);
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    expect(diagnostics.filter((diagnostic) => diagnostic.code === 'UNREACHABLE')).toEqual([]);
  });
});
