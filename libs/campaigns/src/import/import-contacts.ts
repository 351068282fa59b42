import type { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { z } from 'zod';
import { withTenant, type PrismaClient } from '@leadline/database';
import { columnMappingSchema, customColumns, resolveMapping, type ColumnMapping } from './column-mapping';
import { mergeDuplicates, toContactRow, type ContactRow, type RowContext } from './import-row';
import { upsertContacts } from './upsert-contacts';

export const importOptionsSchema = z.object({
  /** ISO 3166 alpha-2 country for numbers written without a country code. */
  defaultCountry: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as PT')
    .transform((c) => c.toUpperCase())
    .optional(),
  tags: z.array(z.string().trim().min(1).max(64)).max(20).default([]),
  /** Every line was collected with consent from this source (e.g. "website form"). */
  optIn: z.string().trim().min(1).max(200).optional(),
  mapping: columnMappingSchema.partial().optional(),
});
export type ImportOptions = z.input<typeof importOptionsSchema>;

export interface ImportReport {
  imported: number;
  updated: number;
  rejected: Array<{ line: number; reason: string }>;
}

export class ImportFileError extends Error {
  constructor(
    readonly code: 'IMPORT_NO_PHONE_COLUMN' | 'IMPORT_EMPTY' | 'IMPORT_NOT_CSV',
    message: string,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

/** Lines written per statement; large enough to amortise the round trip, small enough for a short transaction. */
const BATCH = 1000;
/** A line longer than this is not a contact: the parser refuses it instead of buffering without end. */
const MAX_RECORD_BYTES = 64 * 1024;
/** The report keeps this many rejected lines (a file that is mostly wrong need not be echoed whole). */
const MAX_REJECTED_REPORTED = 10_000;

/**
 * Streams a CSV (header row first) into the tenant's contacts. Lines are parsed as they arrive and
 * written in batches, each batch its own transaction: a failure part-way leaves the earlier batches
 * imported, and importing the same file again is harmless (contacts are matched by phone).
 */
export async function importContacts(
  prisma: PrismaClient,
  tenantId: string,
  input: Readable,
  options: ImportOptions,
  now: () => Date = () => new Date(),
): Promise<ImportReport> {
  const opts = importOptionsSchema.parse(options);
  const report: ImportReport = { imported: 0, updated: 0, rejected: [] };
  const reject = (line: number, reason: string) => {
    if (report.rejected.length < MAX_REJECTED_REPORTED) report.rejected.push({ line, reason });
  };
  const parser = input.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim()),
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: MAX_RECORD_BYTES,
      info: true,
      on_skip: (error: CsvError | undefined) => {
        if (error) reject(Number(error.lines ?? 0), `not valid CSV: ${error.message.replace(/^.*?: /, '')}`);
      },
    }),
  );
  input.on('error', (error) => parser.destroy(error));

  let ctx: RowContext | undefined;
  let headerCount = 0;
  let batch: ContactRow[] = [];
  const flush = async () => {
    const { rows, merged } = mergeDuplicates(batch);
    batch = [];
    const written = await withTenant(prisma, tenantId, (tx) => upsertContacts(tx, tenantId, rows, now()), {
      timeout: 60_000,
    });
    report.imported += written.inserted;
    report.updated += written.updated + merged;
  };

  try {
    for await (const item of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number; columns: number | unknown[] };
    }>) {
      const { record, info } = item;
      if (!ctx) {
        const headers = Object.keys(record);
        headerCount = headers.length;
        const mapping = resolveMapping(headers, opts.mapping as Partial<ColumnMapping> | undefined);
        if (!mapping || !headers.includes(mapping.phone)) {
          throw new ImportFileError(
            'IMPORT_NO_PHONE_COLUMN',
            `no phone column: name one "phone" (or map it); the header row has ${headers.map((h) => `"${h}"`).join(', ')}`,
          );
        }
        ctx = {
          mapping,
          custom: customColumns(headers, mapping),
          defaultCountry: opts.defaultCountry,
          tags: opts.tags,
          optInSource: opts.optIn,
          now: now(),
        };
      }
      const line = info.lines;
      const columns = Object.keys(record).length;
      if (columns !== headerCount) {
        reject(line, `has ${columns} columns, the header has ${headerCount}`);
        continue;
      }
      const result = toContactRow(record, line, ctx);
      if (!result.ok) {
        reject(line, result.reason);
        continue;
      }
      batch.push(result.row);
      if (batch.length >= BATCH) await flush();
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    if ((error as { code?: string }).code?.startsWith('CSV_')) {
      throw new ImportFileError('IMPORT_NOT_CSV', `the file is not CSV: ${(error as Error).message}`);
    }
    throw error;
  }
  if (!ctx) throw new ImportFileError('IMPORT_EMPTY', 'the file has no header row or no lines');
  if (batch.length) await flush();
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}
