import { badOutput } from '../ai-error';
import type { JsonSchema } from '../ai-provider';
import type { AiTask, FieldType } from './ai-task';
import { contactTurn, SAFETY_RULES } from './prompt-parts';
import { parseJsonObject } from './json-answer';

const FIELD_SCHEMA: Record<FieldType, JsonSchema> = {
  string: { type: ['string', 'null'] },
  number: { type: ['number', 'null'] },
  boolean: { type: ['boolean', 'null'] },
  date: { type: ['string', 'null'], description: 'a calendar date as YYYY-MM-DD' },
};

const FIELD_HINT: Record<FieldType, string> = {
  string: 'text',
  number: 'a number (digits only: no currency, units or thousands separators)',
  boolean: 'true or false',
  date: 'a date as YYYY-MM-DD',
};

/** Every field is required but nullable: strict structured output allows no optional keys. */
export function extractionSchema(fields: Record<string, FieldType>): JsonSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(Object.entries(fields).map(([name, type]) => [name, FIELD_SCHEMA[type]])),
    required: Object.keys(fields),
    additionalProperties: false,
  };
}

/** The system text of an extraction: fixed rules, the fields and today's date, then the instructions. */
export function extractSystem(instructions: string, fields: Record<string, FieldType>, now: Date): string {
  return [
    SAFETY_RULES,
    "Extract the fields below from the contact's message. Answer only with a JSON object that has exactly",
    'these keys; use null for a value the message does not state. Never guess.',
    `Today is ${now.toISOString().slice(0, 10)} (UTC), for relative dates such as "tomorrow".`,
    '',
    'Fields:',
    ...Object.entries(fields).map(([name, type]) => `- ${name}: ${FIELD_HINT[type]}`),
    '',
    "The business's guidance:",
    instructions.trim(),
  ].join('\n');
}

/**
 * Fills the node's fields from the contact's message. Only the declared fields are returned; their
 * types are checked by the flow core, which reports the invalid ones instead of guessing.
 */
export const extractTask: AiTask = {
  prompt(request, context) {
    const fields = request.fields ?? {};
    return {
      system: extractSystem(request.instructions, fields, context.now),
      messages: [contactTurn(request.input.text)],
      json: { name: 'extraction', schema: extractionSchema(fields) },
      maxOutputTokens: 1_024,
    };
  },
  read(request, answer) {
    const parsed = parseJsonObject(answer);
    // Some models nest the answer under "values", the name the flow core uses.
    const source =
      parsed.values && typeof parsed.values === 'object' && !Array.isArray(parsed.values)
        ? (parsed.values as Record<string, unknown>)
        : parsed;
    const names = Object.keys(request.fields ?? {});
    if (!names.some((name) => name in source)) {
      throw badOutput('The AI model answered without any of the fields.');
    }
    const values: Record<string, unknown> = {};
    for (const name of names) {
      if (source[name] !== undefined && source[name] !== null) values[name] = source[name];
    }
    return { values };
  },
};
