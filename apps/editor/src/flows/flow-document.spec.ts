import { joinFlowDocument, splitFlowDocument } from './flow-document';

describe('splitFlowDocument', () => {
  it('keeps the envelope, including fields the editor does not know, and round-trips the document', () => {
    const document = {
      format: 'leadline.flow/v1',
      id: 'demo',
      name: 'Demo',
      settings: { windowSafetyMargin: '60s' },
      custom: { owner: 'marketing' },
      nodes: [{ id: 'start', type: 'trigger', position: { x: 1, y: 2 }, data: { on: 'message' } }],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'start' }],
    };
    const parts = splitFlowDocument(document);

    expect(parts.envelope).toEqual({
      format: 'leadline.flow/v1',
      id: 'demo',
      name: 'Demo',
      settings: { windowSafetyMargin: '60s' },
      custom: { owner: 'marketing' },
    });
    expect(parts.skipped).toBe(0);
    expect(joinFlowDocument(parts)).toEqual(document);
  });

  it('draws what it can of a broken document and counts what it cannot', () => {
    const parts = splitFlowDocument({
      nodes: [
        { id: 'ok', type: 'message' },
        { type: 'message', data: {} },
        { id: 'ok', type: 'end' },
        'junk',
        { id: 'typeless', position: { x: 'a', y: 1 }, data: [] },
      ],
      edges: [
        { id: 'e1', source: 'ok', target: 'typeless' },
        { source: 'ok', target: 'typeless' },
        { id: 'e2' },
      ],
    });

    expect(parts.nodes).toEqual([
      { id: 'ok', type: 'message', data: {} },
      { id: 'typeless', type: '', data: {} },
    ]);
    expect(parts.edges).toEqual([{ id: 'e1', source: 'ok', target: 'typeless' }]);
    expect(parts.skipped).toBe(5);
  });

  it('reads a document that is not an object as an empty flow', () => {
    expect(splitFlowDocument([1, 2])).toEqual({ envelope: {}, nodes: [], edges: [], skipped: 0 });
    expect(splitFlowDocument(null).nodes).toEqual([]);
  });
});
