import type { TenantTransaction } from '@leadline/database';
import type { LineItem } from '@leadline/flow-core';
import { formatMoney } from './amount-format';
import { addDays, calendarDateIn, yearOf, type CalendarDate } from './calendar-date';
import type { DocumentKind } from './document-kind';
import { nextDocumentNumber } from './document-number';
import { renderDocumentPdf, type DocumentCustomer } from './document-pdf.renderer';
import type { DocumentSettings } from './document-settings';
import { databaseDocumentStore, type DocumentStore } from './document-store';
import { documentTotals } from './document-totals';

export interface CreateDocumentInput {
  tenantId: string;
  contactId: string;
  runId?: string | null;
  /**
   * The new row's id. Passing the same id again returns the document already stored under it
   * instead of making (and numbering) another one, so a retried job cannot issue two invoices.
   */
  documentId?: string;
  kind: DocumentKind;
  items: LineItem[];
  currency: string;
  taxRate: number;
  customer: DocumentCustomer;
  settings: DocumentSettings;
  issuedAt: Date;
}

/** What the `document` node receives (and a flow can save into a variable). */
export interface DocumentOutput {
  documentId: string;
  kind: DocumentKind;
  number: string;
  filename: string;
  currency: string;
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  taxRate: number;
  /** The total as printed, e.g. "EUR 1,234.50". */
  total: string;
  issuedOn: CalendarDate;
  validUntil?: CalendarDate;
  dueDate?: CalendarDate;
}

export interface CreatedDocument {
  output: DocumentOutput;
  content: Buffer;
  /** False when `documentId` named a document that already existed. */
  created: boolean;
}

function deadlines(
  kind: DocumentKind,
  issuedOn: CalendarDate,
  settings: DocumentSettings,
): Pick<DocumentOutput, 'validUntil' | 'dueDate'> {
  return kind === 'quote'
    ? { validUntil: addDays(issuedOn, settings.quoteValidityDays) }
    : { dueDate: addDays(issuedOn, settings.paymentTermsDays) };
}

/**
 * Numbers, renders and stores a quote or an invoice in the caller's tenant transaction. Input and
 * settings are checked before a number is taken; if anything later fails the transaction rolls
 * back and the number is free again, so numbers stay gap-free.
 */
export async function createDocument(
  tx: TenantTransaction,
  input: CreateDocumentInput,
  store: DocumentStore = databaseDocumentStore,
): Promise<CreatedDocument> {
  const totals = documentTotals(input);
  const summary = (issuedOn: CalendarDate) => ({
    currency: input.currency,
    subtotalMinor: totals.subtotalMinor,
    taxMinor: totals.taxMinor,
    totalMinor: totals.totalMinor,
    taxRate: input.taxRate,
    total: formatMoney(totals.totalMinor, input.currency, input.settings.locale),
    issuedOn,
    ...deadlines(input.kind, issuedOn, input.settings),
  });

  if (input.documentId) {
    const existing = await tx.document.findUnique({ where: { id: input.documentId } });
    if (existing) {
      const content = await store.get(tx, {
        ...input,
        documentId: existing.id,
        storageKey: existing.storageKey,
      });
      if (!content) throw new Error(`document ${existing.id} has no stored file`);
      const issuedOn = calendarDateIn(existing.createdAt, input.settings.timeZone);
      return {
        output: {
          documentId: existing.id,
          kind: existing.kind,
          number: existing.number,
          filename: existing.filename,
          ...summary(issuedOn),
        },
        content,
        created: false,
      };
    }
  }

  const { settings } = input;
  const issuedOn = calendarDateIn(input.issuedAt, settings.timeZone);
  const dates = deadlines(input.kind, issuedOn, settings);
  const { number } = await nextDocumentNumber(tx, {
    tenantId: input.tenantId,
    kind: input.kind,
    year: yearOf(issuedOn),
  });
  const content = await renderDocumentPdf({
    kind: input.kind,
    number,
    issuedAt: input.issuedAt,
    ...dates,
    timeZone: settings.timeZone,
    business: settings.business,
    customer: input.customer,
    items: input.items,
    currency: input.currency,
    taxRate: input.taxRate,
    taxLabel: settings.taxLabel,
    terms: settings.terms[input.kind],
    locale: settings.locale,
  });
  const filename = `${number}.pdf`;
  const row = await tx.document.create({
    data: {
      ...(input.documentId ? { id: input.documentId } : {}),
      tenantId: input.tenantId,
      contactId: input.contactId,
      runId: input.runId ?? null,
      kind: input.kind,
      number,
      currency: input.currency,
      totalMinor: BigInt(totals.totalMinor),
      filename,
      createdAt: input.issuedAt,
    },
    select: { id: true },
  });
  const storageKey = await store.put(tx, { tenantId: input.tenantId, documentId: row.id }, content);
  if (storageKey) await tx.document.update({ where: { id: row.id }, data: { storageKey } });
  return {
    output: { documentId: row.id, kind: input.kind, number, filename, ...summary(issuedOn) },
    content,
    created: true,
  };
}
