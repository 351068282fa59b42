import { DocumentInputError, DocumentSettingsError, renderDocumentPdf } from '../src';
import { extractPdf, extractPdfs, pdfLines } from './support/pdf-text';
import { sampleLogo } from './support/png';
import { sampleQuote, SUNRISE } from './support/sample-documents';

// Every expected figure below is worked out by hand from the items, in minor units, so a change in
// rounding or formatting shows up here.

describe('renderDocumentPdf', () => {
  it('prints a EUR quote: business, customer, every line, subtotal, VAT with its rate, total, dates and terms', async () => {
    const pdf = await renderDocumentPdf(
      sampleQuote({
        items: [
          { description: 'Solar panel 400 W', quantity: 10, unitPrice: 1234.56 }, // 12,345.60
          { description: 'Consultation (2 h)', quantity: 2, unitPrice: 75 }, // 150.00
          { description: 'Site survey', quantity: 1, unitPrice: 120.5 }, // 120.50
          { description: 'Cable, per metre', quantity: 12.5, unitPrice: 3.99 }, // 49.875 -> 49.88
        ],
      }),
    );
    // subtotal 12,665.98; VAT 20% = 2,533.196 -> 2,533.20; total 15,199.18
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await pdfLines(pdf)).toEqual([
      'Sunrise Solar Lda.',
      'Rua do Sol 1',
      '1100-001 Lisboa, Portugal',
      '+351 21 000 0000',
      'hello@sunrise-solar.example',
      'VAT number: PT 500 000 000',
      'QUOTE',
      'Number Q-2026-0007',
      'Date 22 November 2026',
      'Valid until 22 December 2026',
      'QUOTE FOR',
      'Lucía Fernández',
      'Ørsted & Zoë Renováveis',
      'lucia@example.com',
      '+34 600 000 000',
      'DESCRIPTION QTY UNIT PRICE AMOUNT (EUR)',
      'Solar panel 400 W 10 1,234.56 12,345.60',
      'Consultation (2 h) 2 75.00 150.00',
      'Site survey 1 120.50 120.50',
      'Cable, per metre 12.5 3.99 49.88',
      'Subtotal EUR 12,665.98',
      'VAT (20%) EUR 2,533.20',
      'Total EUR 15,199.18',
      'VALIDITY',
      'This quote is valid until 22 December 2026.',
      'TERMS',
      'Installation within 15 working days of acceptance.',
      'Sunrise Solar Lda. · hello@sunrise-solar.example · +351 21 000 0000 Q-2026-0007 · Page 1 of 1',
    ]);
  });

  it('prints a JPY invoice without decimals, with the due date, payment line and bank details', async () => {
    const pdf = await renderDocumentPdf(
      sampleQuote({
        kind: 'invoice',
        number: 'INV-2026-0003',
        validUntil: undefined,
        dueDate: '2026-12-06',
        currency: 'JPY',
        taxRate: 0.1,
        taxLabel: undefined,
        items: [
          { description: 'Matcha tea set', quantity: 3, unitPrice: 1500 }, // 4,500
          { description: 'Gift wrapping', quantity: 1, unitPrice: 330 }, // 330
          { description: 'Sticker', quantity: 3, unitPrice: 99.5 }, // unit rounds to 100 -> 300
        ],
      }),
    );
    // subtotal 5,130; tax 10% = 513; total 5,643
    const lines = await pdfLines(pdf);
    expect(lines).toEqual(
      expect.arrayContaining([
        'INVOICE',
        'Number INV-2026-0003',
        'Date 22 November 2026',
        'Due date 6 December 2026',
        'BILL TO',
        'Lucía Fernández',
        'DESCRIPTION QTY UNIT PRICE AMOUNT (JPY)',
        'Matcha tea set 3 1,500 4,500',
        'Gift wrapping 1 330 330',
        'Sticker 3 100 300',
        'Subtotal JPY 5,130',
        'Tax (10%) JPY 513',
        'Total JPY 5,643',
        'PAYMENT',
        'Please pay JPY 5,643 by 6 December 2026, quoting INV-2026-0003 as the reference.',
        'IBAN: PT50 0000 0000 0000 0000 0000 0',
        'BIC: EXMPPTPL',
        'Tax number: PT 500 000 000',
      ]),
    );
    expect(lines.join('\n')).not.toMatch(/Valid until|VALIDITY|QUOTE/);
  });

  it('prints KWD with three decimals and rounds the tax half up (1.2345 -> 1.235)', async () => {
    const pdf = await renderDocumentPdf(
      sampleQuote({
        currency: 'KWD',
        taxRate: 0.05,
        items: [{ description: 'Consulting hour', quantity: 2, unitPrice: 12.345 }],
      }),
    );
    expect(await pdfLines(pdf)).toEqual(
      expect.arrayContaining([
        'DESCRIPTION QTY UNIT PRICE AMOUNT (KWD)',
        'Consulting hour 2 12.345 24.690',
        'Subtotal KWD 24.690',
        'VAT (5%) KWD 1.235',
        'Total KWD 25.925',
      ]),
    );
  });

  it('rounds each price to the cent, then each line, then the tax once: no floating-point drift', async () => {
    const pdf = await renderDocumentPdf(
      sampleQuote({
        taxRate: 0.15,
        items: [
          { description: 'Sticker', quantity: 3, unitPrice: 0.335 }, // 0.34 each -> 1.02
          { description: 'Pen', quantity: 1, unitPrice: 0.1 },
          { description: 'Clip', quantity: 1, unitPrice: 0.2 }, // 0.1 + 0.2 is 0.30000000000000004 in floats
          { description: 'Notebook', quantity: 3, unitPrice: 19.99 }, // 59.97
        ],
      }),
    );
    // subtotal 1.02 + 0.10 + 0.20 + 59.97 = 61.29; tax 15% = 9.1935 -> 9.19; total 70.48
    const lines = await pdfLines(pdf);
    expect(lines).toEqual(
      expect.arrayContaining([
        'Sticker 3 0.34 1.02',
        'Pen 1 0.10 0.10',
        'Clip 1 0.20 0.20',
        'Notebook 3 19.99 59.97',
        'Subtotal EUR 61.29',
        'VAT (15%) EUR 9.19',
        'Total EUR 70.48',
      ]),
    );
    expect(lines.join('\n')).not.toMatch(/\d\.\d{3,}/);
  });

  it('rounds a tax of exactly half a cent up (0.10 at 15% = 0.015 -> 0.02)', async () => {
    const pdf = await renderDocumentPdf(
      sampleQuote({ taxRate: 0.15, items: [{ description: 'Pen', quantity: 1, unitPrice: 0.1 }] }),
    );
    expect(await pdfLines(pdf)).toEqual(
      expect.arrayContaining(['Subtotal EUR 0.10', 'VAT (15%) EUR 0.02', 'Total EUR 0.12']),
    );
  });

  it('prints a fractional tax rate and a zero rate as such', async () => {
    const items = [{ description: 'Service', quantity: 1, unitPrice: 200 }];
    const [fractional, zero] = await extractPdfs([
      await renderDocumentPdf(sampleQuote({ taxRate: 0.075, items })),
      await renderDocumentPdf(sampleQuote({ taxRate: 0, items })),
    ]);
    expect(fractional.lines).toEqual(expect.arrayContaining(['VAT (7.5%) EUR 15.00', 'Total EUR 215.00']));
    expect(zero.lines).toEqual(expect.arrayContaining(['VAT (0%) EUR 0.00', 'Total EUR 200.00']));
  });

  it('keeps accented and non-English Latin, Greek and Cyrillic names intact', async () => {
    const names = [
      'João Gonçalves',
      'Zoë Ørsted',
      'Antonín Dvořák',
      'Łukasz Żółć',
      'Αθηνά Παπαδοπούλου',
      'Ирина Шевченко',
    ];
    const { text } = await extractPdf(
      await renderDocumentPdf(
        sampleQuote({
          business: { ...SUNRISE, name: 'Café Müller & Søn' },
          items: names.map((name) => ({ description: `Portrait of ${name}`, quantity: 1, unitPrice: 10 })),
        }),
      ),
    );
    for (const name of ['Lucía Fernández', 'Ørsted & Zoë Renováveis', 'Café Müller & Søn', ...names]) {
      expect(text).toContain(name);
    }
  });

  it('formats numbers and dates for the locale, with digits 0-9', async () => {
    const lines = await pdfLines(
      await renderDocumentPdf(
        sampleQuote({
          locale: 'de-DE',
          taxLabel: 'MwSt.',
          taxRate: 0.19,
          items: [{ description: 'Beratung', quantity: 2.5, unitPrice: 1234.5 }], // 3,086.25
        }),
      ),
    );
    // tax 19% of 3,086.25 = 586.3875 -> 586.39; total 3,672.64
    expect(lines).toEqual(
      expect.arrayContaining([
        'Date 22. November 2026',
        'Beratung 2,5 1.234,50 3.086,25',
        'Subtotal EUR 3.086,25',
        'MwSt. (19 %) EUR 586,39',
        'Total EUR 3.672,64',
      ]),
    );
  });

  it('prints the issue date as the day it is in the workspace time zone', async () => {
    const input = sampleQuote({ issuedAt: new Date('2026-12-31T23:30:00Z'), validUntil: '2027-01-31' });
    const [tokyo, newYork] = await extractPdfs([
      await renderDocumentPdf({ ...input, timeZone: 'Asia/Tokyo' }),
      await renderDocumentPdf({ ...input, timeZone: 'America/New_York' }),
    ]);
    expect(tokyo.lines).toContain('Date 1 January 2027');
    expect(newYork.lines).toContain('Date 31 December 2026');
  });

  it('falls back to ISO dates when the locale writes dates in a script the font lacks', async () => {
    const lines = await pdfLines(await renderDocumentPdf(sampleQuote({ locale: 'ja-JP' })));
    expect(lines).toEqual(expect.arrayContaining(['Date 2026-11-22', 'Valid until 2026-12-22']));
  });

  it('continues a long table on the next page under a repeated header, numbering the pages', async () => {
    const items = Array.from({ length: 45 }, (_, index) => ({
      description: `Item ${index + 1}`,
      quantity: 1,
      unitPrice: 10,
    }));
    const { lines, pages } = await extractPdf(await renderDocumentPdf(sampleQuote({ items, taxRate: 0 })));
    expect(pages).toBeGreaterThan(1);
    for (let index = 1; index <= 45; index += 1) {
      expect(lines.filter((line) => line === `Item ${index} 1 10.00 10.00`)).toHaveLength(1);
    }
    expect(
      lines.filter((line) => line === 'DESCRIPTION QTY UNIT PRICE AMOUNT (EUR)').length,
    ).toBeGreaterThanOrEqual(2);
    for (let page = 1; page <= pages; page += 1) {
      expect(lines.filter((line) => line.endsWith(`Q-2026-0007 · Page ${page} of ${pages}`))).toHaveLength(1);
    }
    expect(lines).toContain('Total EUR 450.00');
  });

  it('gives identical bytes for identical input, and dates the PDF itself from issuedAt', async () => {
    const first = await renderDocumentPdf(sampleQuote());
    const second = await renderDocumentPdf(sampleQuote());
    expect(second.equals(first)).toBe(true);
    const later = await renderDocumentPdf(sampleQuote({ issuedAt: new Date('2026-11-23T10:30:00Z') }));
    expect(later.equals(first)).toBe(false);
    const { info } = await extractPdf(first);
    expect(info).toMatchObject({
      Title: 'Quote Q-2026-0007',
      Author: 'Sunrise Solar Lda.',
      CreationDate: 'D:20261122103000Z',
    });
  });

  it('draws a PNG logo given as a data URL, and ignores an https logo (nothing is fetched)', async () => {
    const withLogo = await renderDocumentPdf(
      sampleQuote({
        business: { ...SUNRISE, logo: `data:image/png;base64,${sampleLogo().toString('base64')}` },
      }),
    );
    expect(withLogo.toString('latin1')).toMatch(/\/Subtype \/Image/);
    const linked = await renderDocumentPdf(
      sampleQuote({ business: { ...SUNRISE, logo: 'https://example.com/logo.png' } }),
    );
    expect(linked.toString('latin1')).not.toMatch(/\/Subtype \/Image/);
    expect(await pdfLines(withLogo)).toContain('Sunrise Solar Lda.');
  });

  it('refuses a logo that is not a PNG or JPEG data URL', async () => {
    const gif = `data:image/gif;base64,${Buffer.from('GIF89a').toString('base64')}`;
    const notPng = `data:image/png;base64,${Buffer.from('hello').toString('base64')}`;
    for (const logo of [gif, notPng, 'logo.png']) {
      await expect(renderDocumentPdf(sampleQuote({ business: { ...SUNRISE, logo } }))).rejects.toBeInstanceOf(
        DocumentSettingsError,
      );
    }
  });

  it('refuses items it cannot total exactly or that make no sense', async () => {
    const cases = [
      { items: [] },
      { items: [{ description: 'Negative', quantity: 1, unitPrice: -5 }] },
      { items: [{ description: 'Nothing', quantity: 0, unitPrice: 5 }] },
      { items: [{ description: ' ', quantity: 1, unitPrice: 5 }] },
      { items: [{ description: 'Huge', quantity: 1_000_000, unitPrice: 1e12 }] },
      { currency: 'euro' },
      { taxRate: 1.5 },
    ];
    for (const overrides of cases) {
      await expect(renderDocumentPdf(sampleQuote(overrides))).rejects.toBeInstanceOf(DocumentInputError);
    }
  });
});
