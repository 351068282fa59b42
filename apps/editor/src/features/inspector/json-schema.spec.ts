import { WHATSAPP_LIMITS } from '@leadline/flow-core';
import {
  emptyValue,
  isDuration,
  isProse,
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

  it("takes widgets and WhatsApp's limits from the hints the core's schemas carry", () => {
    const message = nodeDataSchema('message')!;
    const question = nodeDataSchema('question')!;
    const buttons = resolve(message.properties!.buttons);
    const list = resolve(message.properties!.list);
    const sections = resolve(list.properties!.sections);
    const rows = resolve(resolve(sections.items!).properties!.rows);
    expect(itemLimit(buttons)).toBe(WHATSAPP_LIMITS.buttons);
    // A template's buttons are the template's: no WhatsApp limit of a message applies to them.
    const fallback = resolve(message.properties!.fallbackTemplate);
    expect(itemLimit(resolve(fallback.properties!.buttons))).toBeUndefined();
    expect(itemLimit(rows)).toBe(WHATSAPP_LIMITS.listRows);
    expect(textLimit(resolve(buttons.items!.properties!.title), {})).toBe(WHATSAPP_LIMITS.buttonTitle);
    expect(textLimit(resolve(rows.items!.properties!.title), {})).toBe(WHATSAPP_LIMITS.rowTitle);
    const text = resolve(message.properties!.text);
    expect(textLimit(text, { buttons: [] })).toBe(WHATSAPP_LIMITS.buttonBody);
    expect(textLimit(text, {})).toBe(WHATSAPP_LIMITS.textBody);
    expect(textLimit(resolve(question.properties!.save), {})).toBeUndefined();
    expect(isProse(text)).toBe(true);
    expect(isProse(resolve(question.properties!.invalidText))).toBe(true);
    expect(isProse(resolve(question.properties!.save))).toBe(false);
    expect(isProse(resolve(nodeDataSchema('ai')!.properties!.instructions))).toBe(true);
  });

  it('makes empty values that hold the required fields, for "Add" buttons', () => {
    const message = nodeDataSchema('message')!;
    const button = emptyValue(resolve(message.properties!.buttons).items!);
    expect(button).toEqual({ id: '', title: '' });
    expect(emptyValue(resolve(message.properties!.media))).toEqual({ kind: 'image', url: '' });
  });
});
