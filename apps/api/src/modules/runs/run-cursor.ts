import { isUuid } from '@leadline/database';

/** Where the previous page ended: its last run's start (full microsecond precision) and id. */
export interface RunCursor {
  /** `2026-01-02T03:04:05.123456Z`, as PostgreSQL printed it: a JS Date would lose the microseconds. */
  startedAt: string;
  id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Opaque to clients: base64url of a small JSON array. */
export function encodeRunCursor(cursor: RunCursor): string {
  return Buffer.from(JSON.stringify([cursor.startedAt, cursor.id]), 'utf8').toString('base64url');
}

/** The cursor, or undefined when the text is not one this API handed out. */
export function decodeRunCursor(text: string): RunCursor | undefined {
  if (text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [startedAt, id] = value as unknown[];
    if (typeof startedAt !== 'string' || !TIMESTAMP.test(startedAt) || !isUuid(id)) return undefined;
    return { startedAt, id };
  } catch {
    return undefined;
  }
}
