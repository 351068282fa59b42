import { nodeErrorSummary } from './node-error-summary';

describe('a step’s failures in the analytics view', () => {
  const stats = (errors: Array<{ code: string; runs: number; lastMessage: string | null }>) => ({
    nodeId: 'lookup',
    reached: 5,
    ports: { ok: 2, error: 3 },
    dropOff: 0,
    dropOffRate: 0,
    errors,
  });

  it('says the most frequent reason in the words of its latest message', () => {
    expect(
      nodeErrorSummary(
        stats([
          { code: 'ACTIVITY_TIMEOUT', runs: 2, lastMessage: '"lookup-order" did not finish within 10 s.' },
          { code: 'ACTIVITY_FAILED', runs: 1, lastMessage: 'the shop answered 503' },
        ]),
      ),
    ).toBe('⚠ 2 failed: "lookup-order" did not finish within 10 s. (+1 for other reasons)');
  });

  it('says nothing for a step that never failed', () => {
    expect(nodeErrorSummary(stats([]))).toBeUndefined();
    expect(nodeErrorSummary(undefined)).toBeUndefined();
  });
});
