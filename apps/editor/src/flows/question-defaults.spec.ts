import type { CanvasNode } from './canvas-model';
import { followOptions, freshConfig } from './question-defaults';

const node = (id: string, config: Record<string, unknown>): CanvasNode =>
  ({ id, type: 'flow', position: { x: 0, y: 0 }, data: { nodeType: 'question', config } }) as CanvasNode;

describe('defaults that do not bite', () => {
  it('gives a new question a variable no other step saves to', () => {
    expect(freshConfig({ text: 'Q', save: 'answer' }, [])).toEqual({ text: 'Q', save: 'answer' });
    expect(
      freshConfig({ text: 'Q', save: 'answer' }, [
        node('a', { save: 'answer' }),
        node('b', { save: 'answer_2' }),
      ]),
    ).toEqual({ text: 'Q', save: 'answer_3' });
    expect(freshConfig({ text: 'Hello' }, [node('a', { save: 'answer' })])).toEqual({ text: 'Hello' });
  });

  it('makes a question with buttons expect a choice, and back to text without them', () => {
    const buttons = [{ id: 'option_1', title: 'Yes' }];
    expect(followOptions('question', { expect: 'text' }, { expect: 'text', buttons })).toEqual({
      expect: 'choice',
      buttons,
    });
    expect(followOptions('question', {}, { buttons })).toEqual({ buttons, expect: 'choice' });
    expect(followOptions('question', { expect: 'choice', buttons }, { expect: 'choice' })).toEqual({
      expect: 'text',
    });
    // An author's deliberate choice with options already there is kept.
    expect(followOptions('question', { buttons }, { buttons, expect: 'text' })).toEqual({
      buttons,
      expect: 'text',
    });
    expect(followOptions('message', {}, { buttons, expect: 'text' })).toEqual({ buttons, expect: 'text' });
  });
});
