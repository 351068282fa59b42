import type { RenderDocumentInput } from '../../src';

export const SUNRISE = {
  name: 'Sunrise Solar Lda.',
  address: 'Rua do Sol 1\n1100-001 Lisboa, Portugal',
  phone: '+351 21 000 0000',
  email: 'hello@sunrise-solar.example',
  vatNumber: 'PT 500 000 000',
  bank: 'IBAN: PT50 0000 0000 0000 0000 0000 0\nBIC: EXMPPTPL',
};

/** A quote in EUR with accented customer details; override what a test is about. */
export function sampleQuote(overrides: Partial<RenderDocumentInput> = {}): RenderDocumentInput {
  return {
    kind: 'quote',
    number: 'Q-2026-0007',
    issuedAt: new Date('2026-11-22T10:30:00Z'),
    validUntil: '2026-12-22',
    business: SUNRISE,
    customer: {
      name: 'Lucía Fernández',
      phone: '+34 600 000 000',
      fields: { company: 'Ørsted & Zoë Renováveis', email: 'lucia@example.com', score: 97 },
    },
    items: [{ description: 'Consultation', quantity: 1, unitPrice: 100 }],
    currency: 'EUR',
    taxRate: 0.2,
    taxLabel: 'VAT',
    terms: 'Installation within 15 working days of acceptance.',
    ...overrides,
  };
}
