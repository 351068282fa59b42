/** A custom field as the contact page edits it: a name and its value as text. */
export interface FieldRow {
  key: string;
  value: string;
}

/** A contact's custom fields as an object (the API answers them as JSON: anything else reads as none). */
export function fieldsOf(fields: unknown): Record<string, unknown> {
  return fields && typeof fields === 'object' && !Array.isArray(fields)
    ? (fields as Record<string, unknown>)
    : {};
}

export function fieldRows(fields: unknown): FieldRow[] {
  return Object.entries(fieldsOf(fields)).map(([key, value]) => ({
    key,
    value: typeof value === 'string' ? value : JSON.stringify(value),
  }));
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

/**
 * The change to send for the edited fields (merged by the API; null removes a field), or the problems
 * to show beside the form. Values that were numbers or booleans stay so when they still read as one.
 */
export function fieldsPatch(
  fields: unknown,
  rows: readonly FieldRow[],
): { patch: Record<string, unknown> } | { problems: string[] } {
  const problems: string[] = [];
  const seen = new Set<string>();
  const patch: Record<string, unknown> = {};
  const before = fieldsOf(fields);
  for (const row of rows) {
    const key = row.key.trim();
    if (!key && !row.value.trim()) continue;
    if (!FIELD_NAME.test(key)) {
      problems.push(
        `"${key || '(empty)'}" cannot be a field name: use letters, digits and _ (starting with a letter).`,
      );
      continue;
    }
    if (seen.has(key)) {
      problems.push(`The field "${key}" is there twice.`);
      continue;
    }
    seen.add(key);
    if (row.value.length > 1000) problems.push(`The value of "${key}" is longer than 1,000 characters.`);
    const old = before[key];
    const value =
      typeof old === 'number' && row.value.trim() !== '' && !Number.isNaN(Number(row.value))
        ? Number(row.value)
        : typeof old === 'boolean' && (row.value === 'true' || row.value === 'false')
          ? row.value === 'true'
          : row.value;
    const same =
      typeof old === 'string' || typeof old === 'number' || typeof old === 'boolean'
        ? old === value
        : JSON.stringify(old) === row.value;
    if (!same) patch[key] = value;
  }
  for (const key of Object.keys(before)) if (!seen.has(key)) patch[key] = null;
  return problems.length ? { problems } : { patch };
}

const TAG = /^[^,]{1,50}$/;

/** Tags typed as a comma-separated list: trimmed, unique, each 1 to 50 characters. */
export function parseTags(text: string): { tags: string[] } | { problem: string } {
  const tags = [
    ...new Set(
      text
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
  const bad = tags.find((tag) => !TAG.test(tag));
  if (bad) return { problem: `The tag "${bad.slice(0, 60)}…" is longer than 50 characters.` };
  if (tags.length > 100) return { problem: 'A contact can have at most 100 tags.' };
  return { tags };
}
