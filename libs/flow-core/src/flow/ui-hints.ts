/**
 * How the editor draws a field, carried by the schema itself (`.meta(ui({...}))`, which zod copies
 * into the JSON Schema the property panel is generated from), so the editor never guesses a widget
 * from a field's name or description.
 *
 * The limits are WhatsApp's, shown next to the field and enforced by lint rather than by the schema:
 * a text with `{{ }}` variables may be fine or not depending on what the run fills in. That is why
 * they are not JSON Schema's `maxLength`/`maxItems`, which tools reading the flow schema would enforce.
 */
// A type, not an interface: zod's `.meta()` takes a record, which only type aliases match.
export type UiHints = {
  /**
   * `prose`: several lines of words people read; `body`: a message's text, whose limit depends on
   * the buttons or list sent with it (see `bodyLimit`); `duration`: "90s", "15m", "2h", "3d";
   * `template`: an approved WhatsApp template, picked from the synced list.
   */
  widget?: 'prose' | 'body' | 'duration' | 'template';
  /** WhatsApp's limit in characters, as people count them (an emoji is one). */
  maxChars?: number;
  /** WhatsApp's limit on the number of items of a list (buttons, sections, rows). */
  maxCount?: number;
};

export const ui = (hints: UiHints): UiHints => hints;

/**
 * The keywords the hints add to the exported JSON Schema. JSON Schema treats unknown keywords as
 * annotations, so validators ignore them; tools that check the schema's own keywords list these.
 */
export const UI_HINT_KEYWORDS = ['widget', 'maxChars', 'maxCount'] as const satisfies ReadonlyArray<
  keyof UiHints
>;
