import { badOutput } from '../ai-error';

/**
 * Reads a JSON object from a model's answer. Structured output should make it bare JSON, but
 * OpenAI-compatible servers without schema support often wrap it in a ```json fence.
 */
export function parseJsonObject(answer: string): Record<string, unknown> {
  const fenced = /^\s*```(?:json)?\s*\n?([\s\S]*?)\n?```\s*$/i.exec(answer);
  const source = (fenced ? fenced[1] : answer).trim();
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    throw badOutput('The AI model did not answer with JSON.');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw badOutput('The AI model did not answer with a JSON object.');
  }
  return value as Record<string, unknown>;
}
