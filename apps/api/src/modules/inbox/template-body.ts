/** A template's body text from its stored components (Meta's shape: `{ type: 'BODY', text }`). */
export function templateBody(components: unknown): string {
  const list = Array.isArray(components) ? (components as Array<Record<string, unknown>>) : [];
  const body = list.find((component) => String(component?.type).toUpperCase() === 'BODY');
  return typeof body?.text === 'string' ? body.text : '';
}

/** How many body parameters a template takes: its highest `{{n}}`. */
export function templateParamCount(body: string): number {
  return Math.max(0, ...[...body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((match) => Number(match[1])));
}
