/** The same values as the database's document_kind enum. */
export type DocumentKind = 'quote' | 'invoice';

const PREFIX: Record<DocumentKind, string> = { quote: 'Q', invoice: 'INV' };

/** "Q-2026-0001", "INV-2026-0042"; past 9999 the number simply grows ("Q-2026-10000"). */
export function formatDocumentNumber(kind: DocumentKind, year: number, sequence: number): string {
  return `${PREFIX[kind]}-${year}-${String(sequence).padStart(4, '0')}`;
}

export function documentTitle(kind: DocumentKind): string {
  return kind === 'quote' ? 'Quote' : 'Invoice';
}
