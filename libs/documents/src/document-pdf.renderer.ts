import type { LineItem, Totals } from '@leadline/flow-core';
import PDFDocument from 'pdfkit';
import { DEFAULT_LOCALE, formatAmount, formatMoney, formatQuantity, formatRate } from './amount-format';
import { calendarDateIn, formatCalendarDate, type CalendarDate } from './calendar-date';
import { DocumentSettingsError } from './document.errors';
import { documentTitle, type DocumentKind } from './document-kind';
import { decodeLogo, type LogoImage } from './document-logo';
import type { BusinessDetails } from './document-settings';
import { documentTotals } from './document-totals';
import { PDF_FONTS } from './pdf-fonts';

export interface DocumentCustomer {
  name: string;
  phone?: string;
  /** The contact's fields; `company`, `address`, `email` and `vatNumber` are printed when present. */
  fields?: Record<string, unknown>;
}

export interface RenderDocumentInput {
  kind: DocumentKind;
  number: string;
  /** Printed as its calendar day in `timeZone`; also the PDF's creation date. */
  issuedAt: Date;
  /** Quotes: the last day the quote holds. */
  validUntil?: CalendarDate;
  /** Invoices: the last day to pay. */
  dueDate?: CalendarDate;
  business: BusinessDetails;
  customer: DocumentCustomer;
  items: LineItem[];
  currency: string;
  taxRate: number;
  /** "Tax" unless the workspace says "VAT", "IVA", "GST"... */
  taxLabel?: string;
  terms?: string;
  /** Number and date format (default en-GB). Labels are English. */
  locale?: string;
  /** IANA time zone the issue date is read in (default UTC). */
  timeZone?: string;
}

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const RIGHT_COLUMN_X = 335;
const RIGHT_COLUMN_WIDTH = PAGE.width - MARGIN - RIGHT_COLUMN_X;
/** Lowest y content may reach; the footer lives below. */
const CONTENT_BOTTOM = PAGE.height - MARGIN - 12;

const COLOR = {
  ink: '#1f2937',
  muted: '#6b7280',
  accent: '#0f5e59',
  rule: '#e5e7eb',
  band: '#f3f4f6',
  onAccent: '#ffffff',
};

const FONT = { regular: 'Body', bold: 'Bold' };

const COLUMNS = {
  description: { x: MARGIN + 8, width: 240 },
  quantity: { x: 305, width: 50 },
  unitPrice: { x: 360, width: 85 },
  amount: { x: 450, width: PAGE.width - MARGIN - 8 - 450 },
};

const CUSTOMER_FIELDS = ['company', 'address', 'email'] as const;

/** Scripts DejaVu Sans prints; a locale whose dates use others (CJK, Thai...) gets ISO dates. */
const PRINTABLE =
  /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}\p{Script=Inherited}]*$/u;

type Doc = PDFKit.PDFDocument;

interface Context {
  doc: Doc;
  input: RenderDocumentInput;
  totals: Totals;
  locale: string;
  taxLabel: string;
  y: number;
}

/**
 * Renders a quote or an invoice as an A4 PDF. Every figure comes from the core's computeTotals in
 * integer minor units. The same input gives the same bytes (the PDF's dates come from `issuedAt`),
 * which keeps tests and re-renders stable.
 */
export async function renderDocumentPdf(input: RenderDocumentInput): Promise<Buffer> {
  const totals = documentTotals(input);
  const logo = decodeLogo(input.business.logo);
  const title = `${documentTitle(input.kind)} ${input.number}`;
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    font: PDF_FONTS.regular,
    lang: input.locale ?? DEFAULT_LOCALE,
    displayTitle: true,
    info: {
      Title: title,
      Author: input.business.name,
      Creator: 'Leadline',
      Producer: 'Leadline',
      CreationDate: input.issuedAt,
      ModDate: input.issuedAt,
    },
  });
  doc.registerFont(FONT.regular, PDF_FONTS.regular);
  doc.registerFont(FONT.bold, PDF_FONTS.bold);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      const ctx: Context = {
        doc,
        input,
        totals,
        locale: input.locale ?? DEFAULT_LOCALE,
        taxLabel: input.taxLabel ?? 'Tax',
        y: MARGIN,
      };
      drawHeader(ctx, logo);
      drawCustomer(ctx);
      drawItems(ctx);
      drawTotals(ctx);
      drawNotes(ctx);
      drawFooters(ctx);
      doc.end();
    } catch (error) {
      reject(error);
    }
  });
}

function printableDate(date: CalendarDate, locale: string): string {
  const formatted = formatCalendarDate(date, locale);
  return PRINTABLE.test(formatted) ? formatted : date;
}

function font(ctx: Context, weight: 'regular' | 'bold', size: number, color = COLOR.ink): Doc {
  return ctx.doc.font(FONT[weight]).fontSize(size).fillColor(color);
}

function newPage(ctx: Context): void {
  ctx.doc.addPage();
  ctx.y = MARGIN;
}

function ensureSpace(ctx: Context, height: number, onNewPage?: () => void): void {
  if (ctx.y + height <= CONTENT_BOTTOM) return;
  newPage(ctx);
  onNewPage?.();
}

function rule(ctx: Context, y: number, x = MARGIN, width = CONTENT_WIDTH): void {
  ctx.doc
    .moveTo(x, y)
    .lineTo(x + width, y)
    .lineWidth(0.75)
    .strokeColor(COLOR.rule)
    .stroke();
}

function smallCaps(
  ctx: Context,
  label: string,
  x: number,
  y: number,
  width: number,
  align: 'left' | 'right' = 'left',
): void {
  font(ctx, 'bold', 7.5, COLOR.muted).text(label.toUpperCase(), x, y, {
    width,
    align,
    characterSpacing: 0.6,
    lineBreak: false,
  });
}

function drawLogo(ctx: Context, logo: LogoImage, y: number): number {
  const scale = Math.min(150 / logo.width, 56 / logo.height, 1);
  const height = logo.height * scale;
  try {
    ctx.doc.image(logo.bytes, MARGIN, y, { width: logo.width * scale, height });
  } catch {
    throw new DocumentSettingsError('settings.business.logo could not be read as a PNG or JPEG image');
  }
  return y + height + 12;
}

function businessLines(ctx: Context): string[] {
  const { business } = ctx.input;
  return [
    ...(business.address ? business.address.split(/\r?\n/) : []),
    ...(business.phone ? [business.phone] : []),
    ...(business.email ? [business.email] : []),
    ...(business.vatNumber ? [`${ctx.taxLabel} number: ${business.vatNumber}`] : []),
  ].filter((line) => line.trim());
}

function drawHeader(ctx: Context, logo: LogoImage | undefined): void {
  const { doc, input } = ctx;
  const leftWidth = RIGHT_COLUMN_X - MARGIN - 20;
  let left = logo ? drawLogo(ctx, logo, MARGIN) : MARGIN;
  font(ctx, 'bold', 15).text(input.business.name, MARGIN, left, { width: leftWidth });
  left = doc.y + 4;
  font(ctx, 'regular', 9, COLOR.muted);
  for (const line of businessLines(ctx)) {
    doc.text(line, MARGIN, left, { width: leftWidth });
    left = doc.y + 1;
  }

  let right = MARGIN - 4;
  font(ctx, 'bold', 26, COLOR.accent).text(documentTitle(input.kind).toUpperCase(), RIGHT_COLUMN_X, right, {
    width: RIGHT_COLUMN_WIDTH,
    align: 'right',
    characterSpacing: 1,
  });
  right = doc.y + 8;
  const issued = calendarDateIn(input.issuedAt, input.timeZone ?? 'UTC');
  const rows: Array<[string, string]> = [
    ['Number', input.number],
    ['Date', printableDate(issued, ctx.locale)],
  ];
  if (input.kind === 'quote' && input.validUntil) {
    rows.push(['Valid until', printableDate(input.validUntil, ctx.locale)]);
  }
  if (input.kind === 'invoice' && input.dueDate) {
    rows.push(['Due date', printableDate(input.dueDate, ctx.locale)]);
  }
  for (const [label, value] of rows) {
    font(ctx, 'regular', 9, COLOR.muted).text(label, RIGHT_COLUMN_X + 20, right, { lineBreak: false });
    font(ctx, 'bold', 9.5).text(value, RIGHT_COLUMN_X, right - 0.5, {
      width: RIGHT_COLUMN_WIDTH,
      align: 'right',
      lineBreak: false,
    });
    right += 16;
  }
  ctx.y = Math.max(left, right) + 18;
  rule(ctx, ctx.y);
  ctx.y += 18;
}

function fieldText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function drawCustomer(ctx: Context): void {
  const { doc, input } = ctx;
  const fields = input.customer.fields ?? {};
  smallCaps(ctx, input.kind === 'quote' ? 'Quote for' : 'Bill to', MARGIN, ctx.y, 250);
  ctx.y += 13;
  font(ctx, 'bold', 11.5).text(input.customer.name, MARGIN, ctx.y, { width: 300 });
  ctx.y = doc.y + 2;
  const lines = [
    ...CUSTOMER_FIELDS.map((key) => fieldText(fields[key])),
    input.customer.phone,
    ...[fieldText(fields.vatNumber ?? fields.taxId)].map((id) =>
      id ? `${ctx.taxLabel} number: ${id}` : undefined,
    ),
  ].filter((line): line is string => Boolean(line));
  font(ctx, 'regular', 9.5);
  for (const line of lines) {
    doc.text(line, MARGIN, ctx.y, { width: 300 });
    ctx.y = doc.y + 1;
  }
  ctx.y += 22;
}

function drawTableHeader(ctx: Context): void {
  ctx.doc.rect(MARGIN, ctx.y, CONTENT_WIDTH, 22).fill(COLOR.band);
  const y = ctx.y + 8;
  smallCaps(ctx, 'Description', COLUMNS.description.x, y, COLUMNS.description.width);
  smallCaps(ctx, 'Qty', COLUMNS.quantity.x, y, COLUMNS.quantity.width, 'right');
  smallCaps(ctx, 'Unit price', COLUMNS.unitPrice.x, y, COLUMNS.unitPrice.width, 'right');
  smallCaps(
    ctx,
    `Amount (${ctx.input.currency})`,
    COLUMNS.amount.x - 10,
    y,
    COLUMNS.amount.width + 10,
    'right',
  );
  ctx.y += 22;
}

function drawItems(ctx: Context): void {
  const { doc, totals, input } = ctx;
  ensureSpace(ctx, 22 + 30);
  drawTableHeader(ctx);
  for (const line of totals.lines) {
    font(ctx, 'regular', 9.5);
    const descriptionHeight = doc.heightOfString(line.description, { width: COLUMNS.description.width });
    const height = Math.max(descriptionHeight, 12) + 14;
    ensureSpace(ctx, height, () => drawTableHeader(ctx));
    font(ctx, 'regular', 9.5);
    const y = ctx.y + 7;
    doc.text(line.description, COLUMNS.description.x, y, { width: COLUMNS.description.width });
    const cell = (value: string, column: { x: number; width: number }) =>
      doc.text(value, column.x, y, { width: column.width, align: 'right', lineBreak: false });
    cell(formatQuantity(line.quantity, ctx.locale), COLUMNS.quantity);
    cell(formatAmount(line.unitMinor, input.currency, ctx.locale), COLUMNS.unitPrice);
    cell(formatAmount(line.amountMinor, input.currency, ctx.locale), COLUMNS.amount);
    ctx.y += height;
    rule(ctx, ctx.y);
  }
  ctx.y += 12;
}

function drawTotals(ctx: Context): void {
  const { totals, input, locale } = ctx;
  ensureSpace(ctx, 90);
  const labelX = RIGHT_COLUMN_X + 10;
  const valueWidth = RIGHT_COLUMN_WIDTH - 20;
  const row = (label: string, minor: number) => {
    font(ctx, 'regular', 9.5, COLOR.muted).text(label, labelX, ctx.y, { lineBreak: false });
    font(ctx, 'regular', 9.5).text(formatMoney(minor, input.currency, locale), labelX, ctx.y, {
      width: valueWidth,
      align: 'right',
      lineBreak: false,
    });
    ctx.y += 18;
  };
  row('Subtotal', totals.subtotalMinor);
  row(`${ctx.taxLabel} (${formatRate(totals.taxRate, locale)})`, totals.taxMinor);
  ctx.y += 2;
  ctx.doc.rect(RIGHT_COLUMN_X, ctx.y, RIGHT_COLUMN_WIDTH, 28).fill(COLOR.accent);
  font(ctx, 'bold', 11.5, COLOR.onAccent).text('Total', labelX, ctx.y + 8, { lineBreak: false });
  font(ctx, 'bold', 11.5, COLOR.onAccent).text(
    formatMoney(totals.totalMinor, input.currency, locale),
    labelX,
    ctx.y + 8,
    { width: valueWidth, align: 'right', lineBreak: false },
  );
  ctx.y += 28 + 28;
}

function paragraph(ctx: Context, heading: string, body: string, color = COLOR.ink): void {
  ctx.doc.font(FONT.regular).fontSize(9.5);
  const height = ctx.doc.heightOfString(body, { width: CONTENT_WIDTH });
  // Keep a heading with at least its first lines; long text may then flow onto the next page.
  ensureSpace(ctx, 14 + Math.min(height, 40));
  smallCaps(ctx, heading, MARGIN, ctx.y, CONTENT_WIDTH);
  ctx.y += 13;
  font(ctx, 'regular', 9.5, color).text(body, MARGIN, ctx.y, { width: CONTENT_WIDTH, lineGap: 1.5 });
  ctx.y = ctx.doc.y + 16;
}

function drawNotes(ctx: Context): void {
  const { input, totals, locale } = ctx;
  if (input.kind === 'quote' && input.validUntil) {
    paragraph(ctx, 'Validity', `This quote is valid until ${printableDate(input.validUntil, locale)}.`);
  }
  if (input.kind === 'invoice') {
    const total = formatMoney(totals.totalMinor, input.currency, locale);
    const due = input.dueDate ? ` by ${printableDate(input.dueDate, locale)}` : '';
    const payment = `Please pay ${total}${due}, quoting ${input.number} as the reference.`;
    paragraph(ctx, 'Payment', input.business.bank ? `${payment}\n\n${input.business.bank}` : payment);
  }
  if (input.terms?.trim()) paragraph(ctx, 'Terms', input.terms.trim(), COLOR.muted);
}

function drawFooters(ctx: Context): void {
  const { doc, input } = ctx;
  const { start, count } = doc.bufferedPageRange();
  const parts = [input.business.name, input.business.email, input.business.phone].filter(Boolean);
  for (let index = start; index < start + count; index += 1) {
    doc.switchToPage(index);
    // Writing below the bottom margin would otherwise start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = PAGE.height - MARGIN + 8;
    rule(ctx, y - 8);
    font(ctx, 'regular', 7.5, COLOR.muted).text(parts.join('  ·  '), MARGIN, y, {
      width: CONTENT_WIDTH - 120,
      lineBreak: false,
    });
    doc.text(`${input.number}  ·  Page ${index - start + 1} of ${count}`, MARGIN, y, {
      width: CONTENT_WIDTH,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
}
