// Quotes and invoices: gap-free numbering per tenant, kind and year; PDF rendering with totals in
// integer minor units (the core's computeTotals); storage of the files; reading them back.
export { DocumentError, DocumentInputError, DocumentSettingsError, isDocumentError } from './document.errors';
export { formatDocumentNumber, documentTitle, type DocumentKind } from './document-kind';
export { nextDocumentNumber } from './document-number';
export {
  parseDocumentSettings,
  DOCUMENT_DEFAULTS,
  type BusinessDetails,
  type DocumentSettings,
} from './document-settings';
export { documentTotals, MAX_ITEMS } from './document-totals';
export { formatAmount, formatMoney, formatQuantity, formatRate, DEFAULT_LOCALE } from './amount-format';
export { addDays, calendarDateIn, formatCalendarDate, type CalendarDate } from './calendar-date';
export { decodeLogo } from './document-logo';
export { renderDocumentPdf, type RenderDocumentInput, type DocumentCustomer } from './document-pdf.renderer';
export {
  databaseDocumentStore,
  type DocumentStore,
  type FileStore,
  type StoredDocumentRef,
} from './document-store';
export {
  createDocument,
  type CreateDocumentInput,
  type CreatedDocument,
  type DocumentOutput,
} from './create-document';
export { getDocumentContent, type DocumentContent } from './document-content';
export {
  signDocumentLink,
  verifyDocumentLink,
  documentLinkKey,
  DOCUMENT_LINK_TTL_MS,
  DOCUMENT_LINK_PATH,
  type DocumentLinkCheck,
  type DocumentLinkTarget,
} from './document-link';
export {
  databaseMediaStore,
  inboundMediaRefusal,
  INBOUND_MEDIA_MAX_BYTES,
  INBOUND_MEDIA_TYPES,
  type MediaStore,
  type StoredMediaRef,
} from './media-store';
export {
  attachmentKind,
  attachmentMaxBytes,
  attachmentRefusal,
  normaliseMimeType,
  mediaLinkKey,
  signMediaLink,
  verifyMediaLink,
  ATTACHMENT_DOCUMENT_MAX_BYTES,
  ATTACHMENT_IMAGE_MAX_BYTES,
  ATTACHMENT_TYPES,
  MEDIA_LINK_PATH,
  type AttachmentRefusal,
} from './attachment';
