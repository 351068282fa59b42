import { z } from 'zod';
import { DEFAULT_LOCALE } from './amount-format';
import { isLocale, isTimeZone } from './calendar-date';
import { DocumentSettingsError } from './document.errors';
import type { DocumentKind } from './document-kind';

/** The seller as printed on a document's header and footer. */
export interface BusinessDetails {
  name: string;
  address?: string;
  phone?: string;
  email?: string;
  vatNumber?: string;
  /** Bank details, one line each (printed on invoices). */
  bank?: string;
  /** A data:image/png or data:image/jpeg URL; http(s) URLs are not fetched. */
  logo?: string;
}

/** What `Tenant.settings` says about documents, with defaults filled in. */
export interface DocumentSettings {
  business: BusinessDetails;
  quoteValidityDays: number;
  paymentTermsDays: number;
  terms: Partial<Record<DocumentKind, string>>;
  locale: string;
  timeZone: string;
  taxLabel: string;
}

export const DOCUMENT_DEFAULTS = {
  quoteValidityDays: 30,
  paymentTermsDays: 14,
  locale: DEFAULT_LOCALE,
  timeZone: 'UTC',
  taxLabel: 'Tax',
} as const;

const BANK_LABELS: Record<string, string> = {
  accountName: 'Account name',
  bankName: 'Bank',
  iban: 'IBAN',
  bic: 'BIC/SWIFT',
  swift: 'SWIFT',
  accountNumber: 'Account number',
  sortCode: 'Sort code',
  routingNumber: 'Routing number',
};

const text = (max: number) => z.string().trim().max(max).nullish();

const businessSchema = z.object({
  name: text(200),
  address: text(1_000),
  phone: text(100),
  email: text(200),
  vatNumber: text(100),
  bank: z.union([z.string().max(2_000), z.record(z.string(), z.string().max(500))]).nullish(),
  logo: z.string().max(3_000_000).nullish(),
});

const documentsSchema = z.object({
  quoteValidityDays: z.int().min(1).max(3_650).nullish(),
  paymentTermsDays: z.int().min(0).max(3_650).nullish(),
  terms: z.union([z.string().max(5_000), z.object({ quote: text(5_000), invoice: text(5_000) })]).nullish(),
  locale: z.string().refine(isLocale, { error: 'must be a locale such as "en-GB" or "pt-PT"' }).nullish(),
  timeZone: z
    .string()
    .refine(isTimeZone, { error: 'must be an IANA time zone such as "Europe/Lisbon"' })
    .nullish(),
  taxLabel: text(40),
});

const settingsSchema = z.object({
  business: businessSchema.nullish(),
  documents: documentsSchema.nullish(),
});

function bankLines(bank: string | Record<string, string> | null | undefined): string | undefined {
  if (!bank) return undefined;
  if (typeof bank === 'string') return bank.trim() || undefined;
  const lines = Object.entries(bank)
    .filter(([, value]) => value.trim())
    .map(([key, value]) => `${BANK_LABELS[key] ?? key}: ${value.trim()}`);
  return lines.length ? lines.join('\n') : undefined;
}

function present(value: string | null | undefined): string | undefined {
  return value ? value : undefined;
}

/**
 * Reads `settings.business` and `settings.documents` of a tenant. Unknown keys are ignored (the
 * settings hold other things too); a value of the wrong shape is an error naming its path, so an
 * administrator can fix it, rather than a document printed with half the details missing.
 */
export function parseDocumentSettings(settings: unknown, workspaceName: string): DocumentSettings {
  const parsed = settingsSchema.safeParse(settings ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['settings', ...(issue?.path ?? []).map(String)].join('.');
    throw new DocumentSettingsError(`${path}: ${issue?.message ?? 'invalid'}`);
  }
  const business = parsed.data.business ?? {};
  const documents = parsed.data.documents ?? {};
  const terms = documents.terms;
  return {
    business: {
      name: present(business.name) ?? workspaceName,
      address: present(business.address),
      phone: present(business.phone),
      email: present(business.email),
      vatNumber: present(business.vatNumber),
      bank: bankLines(business.bank),
      logo: present(business.logo?.trim()),
    },
    quoteValidityDays: documents.quoteValidityDays ?? DOCUMENT_DEFAULTS.quoteValidityDays,
    paymentTermsDays: documents.paymentTermsDays ?? DOCUMENT_DEFAULTS.paymentTermsDays,
    terms:
      typeof terms === 'string'
        ? { quote: present(terms.trim()), invoice: present(terms.trim()) }
        : { quote: present(terms?.quote), invoice: present(terms?.invoice) },
    locale: documents.locale ?? DOCUMENT_DEFAULTS.locale,
    timeZone: documents.timeZone ?? DOCUMENT_DEFAULTS.timeZone,
    taxLabel: present(documents.taxLabel) ?? DOCUMENT_DEFAULTS.taxLabel,
  };
}
