import { textChanges } from './text-changes';

const doc = (nodes: Array<{ id: string; type: string; data: Record<string, unknown> }>) => ({
  nodes,
  edges: [],
});

describe('textChanges', () => {
  it('shows the old and the new words of a changed message and of its buttons', () => {
    const before = doc([
      { id: 'promo', type: 'message', data: { text: '10% off today', label: 'Promo' } },
      {
        id: 'ask',
        type: 'question',
        data: {
          text: 'Interested?',
          buttons: [
            { id: 'y', title: 'Yes' },
            { id: 'n', title: 'No' },
          ],
        },
      },
    ]);
    const after = doc([
      { id: 'promo', type: 'message', data: { text: '20% off this weekend', label: 'Promo' } },
      {
        id: 'ask',
        type: 'question',
        data: {
          text: 'Interested?',
          buttons: [
            { id: 'y', title: 'Yes please' },
            { id: 'n', title: 'No' },
          ],
        },
      },
    ]);

    expect(textChanges(before, after, ['promo', 'ask'])).toEqual([
      {
        nodeId: 'promo',
        step: 'Promo',
        field: 'Text',
        before: '10% off today',
        after: '20% off this weekend',
      },
      { nodeId: 'ask', step: 'Question', field: 'Buttons', before: 'Yes · No', after: 'Yes please · No' },
    ]);
  });

  it('says nothing of steps whose words did not change, or that are not in the diff', () => {
    const before = doc([
      { id: 'wait', type: 'wait', data: { duration: '1d' } },
      { id: 'm', type: 'message', data: { text: 'a' } },
    ]);
    const after = doc([
      { id: 'wait', type: 'wait', data: { duration: '2d' } },
      { id: 'm', type: 'message', data: { text: 'b' } },
    ]);
    expect(textChanges(before, after, ['wait'])).toEqual([]);
    expect(textChanges(null, after, ['m'])).toEqual([]);
  });
});
