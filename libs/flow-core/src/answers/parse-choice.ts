import type { ChoiceOption, ParseResult, ReplyInput } from './answer.types';
import { simplifyText } from './fold-text';
import { accept, reject } from './parse-result';

// "2", "2.", "#2", "2)", "option 2", "opção 2", "opción 2", "no. 2", "nr 2", "number 2", "número 2".
const BY_NUMBER = /^(?:(?:option|opcao|opcion|no|nr|number|numero|num)\s+)?(\d{1,3})$/u;

function findByText(text: string, options: ChoiceOption[]): ChoiceOption | undefined {
  const exactId = options.find((option) => option.id === text.trim());
  if (exactId) return exactId;
  const reply = simplifyText(text);
  if (!reply) return undefined;
  // Titles before ids before positions: with options "3", "2", "1", the reply "2" means the title.
  const byTitle = options.find((option) => simplifyText(option.title) === reply);
  const byId = options.find((option) => simplifyText(option.id) === reply);
  const position = BY_NUMBER.exec(reply);
  return byTitle ?? byId ?? (position ? options[Number(position[1]) - 1] : undefined);
}

/**
 * Resolves a reply to the id of one of the question's buttons or list rows: a tap by its id,
 * typed text by title or id (ignoring case, accents, punctuation and emoji), or by its 1-based number.
 */
export function parseChoice(input: ReplyInput, options: ChoiceOption[] = []): ParseResult {
  const tapped = options.find((option) => option.id === input.buttonId);
  if (tapped) return accept(tapped.id);
  const chosen = findByText(input.text ?? '', options);
  return chosen ? accept(chosen.id) : reject('unknown_choice');
}
