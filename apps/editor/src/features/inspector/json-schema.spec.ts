import { WHATSAPP_LIMITS } from '@leadline/flow-core';
import {
  emptyValue,
  isDuration,
  isTemplateRef,
  itemLimit,
  nodeDataSchema,
  resolve,
  textLimit,
} from './json-schema';

describe('the property panel schema reading', () => {
  it('reads a node type schema from the core, with durations and template references recognised', () => {
    const question = nodeDataSchema('question')!;
    expect(Object.keys(question.properties ?? {})).toEqual(
      expect.arrayContaining(['text', 'buttons', 'timeout', 'fallbackTemplate', 'save']),
    );
    expect(isDuration(resolve(question.properties!.timeout))).toBe(true);
    expect(isDuration(resolve(question.properties!.text))).toBe(false);
    expect(isTemplateRef(resolve(question.properties!.fallbackTemplate))).toBe(true);
    expect(nodeDataSchema('no-such-type')).toBeNull();
  });

  it("applies WhatsApp's limits by where a field sits", () => {
    expect(itemLimit(['buttons'])).toBe(WHATSAPP_LIMITS.buttons);
    expect(itemLimit(['fallbackTemplate', 'buttons'])).toBeUndefined();
    expect(itemLimit(['list', 'sections', '0', 'rows'])).toBe(WHATSAPP_LIMITS.listRows);
    expect(textLimit(['buttons', '1', 'title'], {})).toBe(WHATSAPP_LIMITS.buttonTitle);
    expect(textLimit(['list', 'sections', '0', 'rows', '2', 'title'], {})).toBe(WHATSAPP_LIMITS.rowTitle);
    expect(textLimit(['text'], { buttons: [] })).toBe(WHATSAPP_LIMITS.buttonBody);
    expect(textLimit(['text'], {})).toBe(WHATSAPP_LIMITS.textBody);
    expect(textLimit(['save'], {})).toBeUndefined();
  });

  it('makes empty values that hold the required fields, for "Add" buttons', () => {
    const message = nodeDataSchema('message')!;
    const button = emptyValue(resolve(message.properties!.buttons).items!);
    expect(button).toEqual({ id: '', title: '' });
    expect(emptyValue(resolve(message.properties!.media))).toEqual({ kind: 'image', url: '' });
  });
});
