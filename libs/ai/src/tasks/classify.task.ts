import { badOutput } from '../ai-error';
import type { AiTask } from './ai-task';
import { contactTurn, SAFETY_RULES } from './prompt-parts';
import { parseJsonObject } from './json-answer';

/** The system text of a classification: fixed rules, the labels, then the node's instructions. */
export function classifySystem(instructions: string, labels: string[]): string {
  return [
    SAFETY_RULES,
    "Classify the contact's message into exactly one of the labels below, as the business's guidance",
    'describes them. Answer only with JSON: {"label": "<one of the labels>"}.',
    '',
    `Labels: ${labels.join(', ')}`,
    '',
    "The business's guidance:",
    instructions.trim(),
  ].join('\n');
}

/** Picks one of the node's labels for the contact's message; any other answer is AI_BAD_OUTPUT. */
export const classifyTask: AiTask = {
  prompt(request) {
    const labels = request.labels ?? [];
    return {
      system: classifySystem(request.instructions, labels),
      messages: [contactTurn(request.input.text)],
      json: {
        name: 'classification',
        schema: {
          type: 'object',
          properties: { label: { type: 'string', enum: labels } },
          required: ['label'],
          additionalProperties: false,
        },
      },
      maxOutputTokens: 256,
    };
  },
  read(request, answer) {
    const labels = request.labels ?? [];
    const raw = parseJsonObject(answer).label;
    const given = typeof raw === 'string' ? raw.trim() : '';
    // Models sometimes change the case of a label ("Pricing"); that is still an unambiguous choice.
    const label =
      labels.find((candidate) => candidate === given) ??
      single(labels.filter((candidate) => candidate.toLowerCase() === given.toLowerCase()));
    if (!label) throw badOutput(`The AI model chose none of the labels (${labels.join(', ')}).`);
    return { label };
  },
};

function single<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}
