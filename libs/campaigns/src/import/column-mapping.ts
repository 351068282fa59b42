import { z } from 'zod';

/**
 * Which CSV column holds what. Every column not mapped to a contact property becomes a custom field
 * (its key is the header, lower-cased, spaces and dashes as underscores), unless it is listed in
 * `ignore`.
 */
export const columnMappingSchema = z.object({
  phone: z.string().min(1),
  name: z.string().min(1).optional(),
  email: z.string().min(1).optional(),
  tags: z.string().min(1).optional(),
  optInSource: z.string().min(1).optional(),
  optInAt: z.string().min(1).optional(),
  /** Header → custom field key, for columns whose field key should differ from the header. */
  fields: z.record(z.string(), z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/)).optional(),
  ignore: z.array(z.string()).optional(),
});
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

/** The header names people commonly use for each property, compared without case, spaces or dashes. */
const KNOWN: Record<Exclude<keyof ColumnMapping, 'fields' | 'ignore'>, string[]> = {
  phone: [
    'phone',
    'phonenumber',
    'mobile',
    'mobilephone',
    'whatsapp',
    'whatsappnumber',
    'cell',
    'telephone',
    'tel',
  ],
  name: ['name', 'fullname', 'contactname'],
  email: ['email', 'emailaddress', 'mail'],
  tags: ['tags', 'tag', 'labels'],
  optInSource: ['optinsource', 'consentsource', 'optin', 'source'],
  optInAt: ['optinat', 'optintime', 'optedinat', 'consentat', 'consenttime', 'optindate'],
};

function squash(header: string): string {
  return header.toLowerCase().replace(/[\s_\-.]/g, '');
}

export function fieldKeyOf(header: string): string {
  const key = header
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_')
    .replace(/[^a-z0-9_]/g, '');
  return /^[a-z_]/.test(key) ? key.slice(0, 64) : `f_${key}`.slice(0, 64);
}

/** The mapping guessed from the header row; an explicit mapping's entries win over the guess. */
export function resolveMapping(
  headers: string[],
  explicit?: Partial<ColumnMapping>,
): ColumnMapping | undefined {
  const guessed: Partial<ColumnMapping> = {};
  for (const [property, names] of Object.entries(KNOWN) as Array<[keyof typeof KNOWN, string[]]>) {
    const header = headers.find((h) => names.includes(squash(h)));
    if (header) guessed[property] = header;
  }
  const mapping = { ...guessed, ...explicit };
  return mapping.phone ? (mapping as ColumnMapping) : undefined;
}

/** Custom field key per header that is not a mapped property. */
export function customColumns(
  headers: string[],
  mapping: ColumnMapping,
): Array<{ header: string; key: string }> {
  const taken = new Set(
    [mapping.phone, mapping.name, mapping.email, mapping.tags, mapping.optInSource, mapping.optInAt].filter(
      (h): h is string => Boolean(h),
    ),
  );
  const ignored = new Set(mapping.ignore ?? []);
  return headers
    .filter((header) => header.trim() !== '' && !taken.has(header) && !ignored.has(header))
    .map((header) => ({ header, key: mapping.fields?.[header] ?? fieldKeyOf(header) }));
}
