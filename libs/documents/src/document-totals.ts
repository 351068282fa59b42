import { computeTotals, type LineItem, type Totals } from '@leadline/flow-core';
import { z } from 'zod';
import { DocumentInputError } from './document.errors';

export const MAX_ITEMS = 200;

const inputSchema = z.object({
  items: z
    .array(
      z.object({
        description: z.string().trim().min(1).max(500),
        quantity: z.number().positive().max(1_000_000),
        unitPrice: z.number().min(0).max(1e12),
      }),
    )
    .min(1)
    .max(MAX_ITEMS),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code such as "EUR"' }),
  taxRate: z.number().min(0).max(1),
});

/**
 * Checks a document's items, currency and tax rate and totals them with the core's computeTotals
 * (integer minor units), so the PDF, the stored total and the flow's variables always agree.
 */
export function documentTotals(input: { items: LineItem[]; currency: string; taxRate: number }): Totals {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DocumentInputError(`${(issue?.path ?? []).join('.') || 'input'}: ${issue?.message}`);
  }
  const { items, currency, taxRate } = parsed.data;
  const totals = computeTotals(items, currency, taxRate);
  const figures = [
    ...totals.lines.flatMap((line) => [line.unitMinor, line.amountMinor]),
    totals.subtotalMinor,
    totals.taxMinor,
    totals.totalMinor,
  ];
  if (!figures.every(Number.isSafeInteger)) {
    throw new DocumentInputError('The amounts are too large to be computed exactly.');
  }
  return totals;
}
