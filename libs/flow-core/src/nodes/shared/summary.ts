/** What a step's card shows without opening it: what the bot says, the buttons, what it expects. */
export interface NodeSummary {
  /** One line in plain words: the message text, the template, how long it waits... */
  text: string;
  /** The buttons or list rows a contact can tap, by title. */
  chips?: string[];
  /** For a question: the answer it expects ("Expects a number"). */
  expects?: string;
}

/** Runs of spaces and line breaks as one space: a card shows one paragraph. */
export function oneLine(text: string | undefined): string | undefined {
  const line = text?.trim().replace(/\s+/g, ' ');
  return line ? line : undefined;
}
