import type { CampaignParams, ParamSource } from './campaign-spec';

export interface RecipientContact {
  phone: string;
  name: string | null;
  fields: Record<string, unknown>;
}

/** A parameter's text for one contact; undefined when the contact lacks it and there is no fallback. */
function valueOf(
  source: ParamSource,
  contact: RecipientContact,
  fallback: string | undefined,
): string | undefined {
  if ('value' in source) return source.value;
  const raw =
    source.field === 'name'
      ? contact.name
      : source.field === 'phone'
        ? contact.phone
        : contact.fields[source.field];
  const text = raw === null || raw === undefined ? '' : String(raw).trim();
  return text || fallback || undefined;
}

/**
 * The template's parameters as this contact will see them (the preview shows the same), or the first
 * parameter the contact cannot fill. Pure.
 */
export function resolveParams(
  params: CampaignParams,
  contact: RecipientContact,
): { ok: true; body: string[]; header?: string } | { ok: false; missing: string } {
  const body: string[] = [];
  for (const [index, source] of params.body.entries()) {
    const value = valueOf(source, contact, params.fallback);
    if (value === undefined)
      return { ok: false, missing: `{{${index + 1}}} (${'field' in source ? source.field : ''})` };
    body.push(value);
  }
  if (!params.header) return { ok: true, body };
  const header = valueOf(params.header, contact, params.fallback);
  if (header === undefined) return { ok: false, missing: 'the header parameter' };
  return { ok: true, body, header };
}

/** The template's body text with its {{n}} filled in, as the contact will read it. */
export function renderTemplateText(text: string, values: string[]): string {
  return text.replace(/\{\{\s*(\d+)\s*\}\}/g, (whole, n: string) => values[Number(n) - 1] ?? whole);
}
