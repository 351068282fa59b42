const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Normalises '+49 151 1234-5678', '4915112345678' or 'whatsapp:+4915112345678' to '+4915112345678'.
 * Digits without a + are read as international (WhatsApp ids are). Returns undefined when it is not a
 * plausible E.164 number.
 */
export function toE164(raw: string): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const compact = raw
    .trim()
    .replace(/^whatsapp:/i, '')
    .replace(/[\s\-().]/g, '');
  const withPlus = compact.startsWith('+') ? compact : `+${compact}`;
  return E164.test(withPlus) ? withPlus : undefined;
}
