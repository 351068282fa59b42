import { parseAnswer } from '@leadline/flow-core';
import type { ColumnMapping } from './column-mapping';

/** One CSV line as it will be written: phone in E.164, consent resolved. */
export interface ContactRow {
  line: number;
  phone: string;
  name: string | null;
  fields: Record<string, string>;
  tags: string[];
  /** Set when the line (or the whole import) carries consent; an opt-out stored before always wins. */
  optedInAt: Date | null;
  optInSource: string | null;
}

export type RowResult = { ok: true; row: ContactRow } | { ok: false; reason: string };

export interface RowContext {
  mapping: ColumnMapping;
  custom: Array<{ header: string; key: string }>;
  defaultCountry?: string;
  /** Tags added to every contact of the import. */
  tags: string[];
  /** Consent for every line of the import (the file was collected with it). */
  optInSource?: string;
  now: Date;
}

const MAX_TAG_LENGTH = 64;
const MAX_VALUE_LENGTH = 1000;

function cell(record: Record<string, string>, header: string | undefined): string {
  return header ? (record[header] ?? '').trim() : '';
}

/** Turns a parsed CSV record into a contact row, or says why the line is rejected. Pure. */
export function toContactRow(record: Record<string, string>, line: number, ctx: RowContext): RowResult {
  const rawPhone = cell(record, ctx.mapping.phone);
  if (!rawPhone) return { ok: false, reason: 'no phone number' };
  const phone = parseAnswer('phone', { text: rawPhone }, { defaultCountry: ctx.defaultCountry });
  if (!phone.ok) {
    return {
      ok: false,
      reason: ctx.defaultCountry
        ? `"${rawPhone.slice(0, 40)}" is not a valid phone number (default country ${ctx.defaultCountry})`
        : `"${rawPhone.slice(0, 40)}" is not a valid phone number (write it with its country code, or pass a default country)`,
    };
  }
  const fields: Record<string, string> = {};
  const email = cell(record, ctx.mapping.email);
  if (email) {
    const parsed = parseAnswer('email', { text: email });
    if (!parsed.ok) return { ok: false, reason: `"${email.slice(0, 60)}" is not a valid e-mail address` };
    fields.email = String(parsed.value);
  }
  for (const { header, key } of ctx.custom) {
    const value = cell(record, header);
    if (!value) continue;
    if (value.length > MAX_VALUE_LENGTH) {
      return { ok: false, reason: `column "${header}" is longer than ${MAX_VALUE_LENGTH} characters` };
    }
    fields[key] = value;
  }
  const tags = [
    ...new Set([
      ...ctx.tags,
      ...cell(record, ctx.mapping.tags)
        .split(/[;,|]/)
        .map((tag) => tag.trim())
        .filter(Boolean),
    ]),
  ];
  const longTag = tags.find((tag) => tag.length > MAX_TAG_LENGTH);
  if (longTag)
    return {
      ok: false,
      reason: `tag "${longTag.slice(0, 20)}…" is longer than ${MAX_TAG_LENGTH} characters`,
    };

  const lineSource = cell(record, ctx.mapping.optInSource);
  const lineAt = cell(record, ctx.mapping.optInAt);
  let optedInAt: Date | null = null;
  if (lineAt) {
    optedInAt = new Date(lineAt);
    if (Number.isNaN(optedInAt.getTime())) {
      return {
        ok: false,
        reason: `opt-in time "${lineAt.slice(0, 40)}" is not a date (use ISO 8601, e.g. 2026-03-01T10:00:00Z)`,
      };
    }
    if (optedInAt.getTime() > ctx.now.getTime()) return { ok: false, reason: 'opt-in time is in the future' };
  }
  const optInSource = lineSource || (lineAt ? 'import' : ctx.optInSource) || null;
  if (optInSource && !optedInAt) optedInAt = ctx.now;
  if (optInSource) fields.opt_in_source = optInSource.slice(0, 200);
  const name = cell(record, ctx.mapping.name).slice(0, 200) || null;
  return { ok: true, row: { line, phone: String(phone.value), name, fields, tags, optedInAt, optInSource } };
}

/**
 * Two lines of one batch with the same phone are one contact: later lines win on name and fields,
 * tags add up, the earliest consent is kept. Returns the merged rows and how many lines were folded.
 */
export function mergeDuplicates(rows: ContactRow[]): { rows: ContactRow[]; merged: number } {
  const byPhone = new Map<string, ContactRow>();
  for (const row of rows) {
    const seen = byPhone.get(row.phone);
    if (!seen) {
      byPhone.set(row.phone, { ...row });
      continue;
    }
    seen.name = row.name ?? seen.name;
    seen.fields = { ...seen.fields, ...row.fields };
    seen.tags = [...new Set([...seen.tags, ...row.tags])];
    if (row.optedInAt && (!seen.optedInAt || row.optedInAt < seen.optedInAt)) seen.optedInAt = row.optedInAt;
    seen.optInSource = seen.optInSource ?? row.optInSource;
  }
  return { rows: [...byPhone.values()], merged: rows.length - byPhone.size };
}
