/**
 * SQL that copies one contact's rows (the contact, its conversation, run, run events, messages, inbox
 * events, timers, outbox rows, ...) N times, each copy with ids, phone number, provider message ids
 * and timer due time of its own. The timer benchmark uses it to put 100,000 runs into the state a real
 * run reached through the engine (webhook → step → commit), without paying 100,000 steps to get there.
 *
 * Every row is copied as JSON text through one chain of replace() calls, the same chain for every
 * table, so a reference from one copied row to another (a message's run_id, a timer's dedupe key, the
 * run state's timer) stays consistent within a copy.
 */

/** What identifies the template contact's rows; every occurrence is rewritten in each copy. */
export interface CloneTemplate {
  /** Phone number digits (E.164 without '+'); copies keep all but the last 7 digits. */
  phoneDigits: string;
  /** Ids of the template's rows (uuid text): each becomes a uuid made from md5(id || copy number) in a copy (copyUuid). */
  uuids: string[];
  /** Other unique strings (provider message ids, idempotency keys): each gets '~<copy number>'. */
  tokens: string[];
  /** The template's timer due time as the engine writes it (JSON state, outbox) and as PostgreSQL prints it. */
  dueAt?: { iso: string; pg: string };
}

/** A table that holds template rows, and how to pick them. */
export interface CloneTable {
  name: string;
  /** SQL condition over the table's alias `t` that selects the template's rows. */
  where: string;
  /** Its `id` is a bigint from a sequence (a fresh value per copy), not a uuid. */
  serialId?: boolean;
  /** SQL (over `t`) for published_at in a copy, for the outbox. */
  publishedAt?: string;
}

export interface CloneSchedule {
  /** First copy number (copies are numbered from 1). */
  from: number;
  to: number;
  /** Copies' timers fall due in [dueFrom, dueFrom + spreadMs), scattered by copy number. */
  dueFrom: Date;
  spreadMs: number;
}

const PHONE_SUFFIX_DIGITS = 7;

/** A SQL string literal. The values here come from our own database, but quote them properly anyway. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Copy `g.i`'s id for a template id: md5(id || copy number) with the version digit set to 4 and the
 * variant digit to 8, so it is a valid RFC 9562 uuid. A bare md5 cast to uuid is not, and the
 * engine's job schemas (z.uuid()) set such a copy's jobs aside as malformed.
 */
export function copyUuid(idLiteral: string): string {
  return `overlay(overlay(md5(${idLiteral} || g.i) placing '4' from 13) placing '8' from 17)::uuid::text`;
}

/** The due time of copy `g.i`: deterministic, so every table of one copy agrees on it. */
export function dueExpression(schedule: Pick<CloneSchedule, 'dueFrom' | 'spreadMs'>): string {
  const spread = Math.max(1, Math.round(schedule.spreadMs));
  return (
    `(${literal(schedule.dueFrom.toISOString())}::timestamptz + ` +
    `((hashtext(g.i::text)::bigint & 2147483647) % ${spread}) * interval '1 millisecond')`
  );
}

/** The chain of replace() calls that turns the template's JSON text into copy `g.i`'s. */
export function rewriteExpression(
  source: string,
  template: CloneTemplate,
  schedule: Pick<CloneSchedule, 'dueFrom' | 'spreadMs'>,
): string {
  if (template.phoneDigits.length <= PHONE_SUFFIX_DIGITS) {
    throw new Error(`the template's phone number ${template.phoneDigits} is too short to number copies`);
  }
  let expression = source;
  // Tokens first: one may contain a uuid (an idempotency key built from the run id), and rewriting it
  // whole keeps it unique; its uuid is rewritten by the next step like everywhere else.
  for (const token of [...template.tokens].sort((a, b) => b.length - a.length)) {
    expression = `replace(${expression}, ${literal(token)}, ${literal(token)} || '~' || g.i)`;
  }
  for (const uuid of template.uuids) {
    expression = `replace(${expression}, ${literal(uuid)}, ${copyUuid(literal(uuid))})`;
  }
  const prefix = template.phoneDigits.slice(0, -PHONE_SUFFIX_DIGITS);
  expression = `replace(${expression}, ${literal(template.phoneDigits)}, ${literal(prefix)} || lpad(g.i::text, ${PHONE_SUFFIX_DIGITS}, '0'))`;
  if (template.dueAt) {
    const due = dueExpression(schedule);
    const iso = `to_char(${due} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    expression = `replace(${expression}, ${literal(template.dueAt.iso)}, ${iso})`;
    expression = `replace(${expression}, ${literal(template.dueAt.pg)}, to_jsonb(${due}) #>> '{}')`;
  }
  return expression;
}

/** One INSERT per table, in the given (foreign-key) order, copying its template rows for copies from..to. */
export function cloneStatements(
  tables: CloneTable[],
  template: CloneTemplate,
  schedule: CloneSchedule,
): string[] {
  if (!Number.isInteger(schedule.from) || !Number.isInteger(schedule.to) || schedule.from < 1) {
    throw new Error(`copies are numbered from 1; got ${schedule.from}..${schedule.to}`);
  }
  if (schedule.to >= 10 ** PHONE_SUFFIX_DIGITS) {
    throw new Error(`at most ${10 ** PHONE_SUFFIX_DIGITS - 1} copies`);
  }
  const rewritten = `${rewriteExpression('to_jsonb(t)::text', template, schedule)}::jsonb`;
  return tables.map((table) => {
    const overrides: string[] = [];
    if (table.serialId) overrides.push(`'id', nextval(pg_get_serial_sequence(${literal(table.name)}, 'id'))`);
    if (table.publishedAt) overrides.push(`'published_at', ${table.publishedAt}`);
    const row = overrides.length
      ? `(${rewritten} || jsonb_build_object(${overrides.join(', ')}))`
      : rewritten;
    return (
      `INSERT INTO ${table.name} ` +
      `SELECT (jsonb_populate_record(NULL::${table.name}, ${row})).* ` +
      `FROM ${table.name} t, generate_series(${schedule.from}, ${schedule.to}) AS g(i) ` +
      `WHERE ${table.where}`
    );
  });
}
