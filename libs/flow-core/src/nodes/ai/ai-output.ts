export const WHATSAPP_TEXT_LIMIT = 4096;

type FieldType = 'string' | 'number' | 'boolean' | 'date';

function coerce(type: FieldType, value: unknown): { ok: true; value: unknown } | { ok: false } {
  switch (type) {
    case 'string':
      return typeof value === 'string' && value.trim() ? { ok: true, value: value.trim() } : { ok: false };
    case 'number': {
      const number =
        typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN;
      return Number.isFinite(number) ? { ok: true, value: number } : { ok: false };
    }
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : { ok: false };
    case 'date': {
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return { ok: false };
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
        ? { ok: true, value }
        : { ok: false };
    }
  }
}

/**
 * Keeps the extracted fields that match their declared type; the others are reported, not guessed.
 * A field the model left out is reported too.
 */
export function checkExtraction(
  fields: Record<string, FieldType>,
  raw: unknown,
): { values: Record<string, unknown>; invalid: string[] } {
  const source = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const values: Record<string, unknown> = {};
  const invalid: string[] = [];
  for (const [name, type] of Object.entries(fields)) {
    const result =
      source[name] === undefined || source[name] === null
        ? { ok: false as const }
        : coerce(type, source[name]);
    if (result.ok) values[name] = result.value;
    else invalid.push(name);
  }
  return { values, invalid };
}
