import { MigrationError } from './migration.errors';

/**
 * The first line that makes a migration run outside a transaction, one statement at a time. For the
 * statements PostgreSQL refuses in a transaction block, above all `CREATE INDEX CONCURRENTLY` and
 * `DROP INDEX CONCURRENTLY`: on a large table a plain index build blocks every write to it (webhooks,
 * the worker) until it ends; the concurrent one does not.
 */
export const NO_TRANSACTION_DIRECTIVE = '-- leadline:no-transaction';

export function isNoTransactionScript(script: string): boolean {
  const firstLine = script.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  return firstLine.trim() === NO_TRANSACTION_DIRECTIVE;
}

/**
 * The statements of a no-transaction migration, each sent alone. Sent as one string, several
 * statements would run in one implicit transaction block, where a concurrent index build is refused.
 *
 * A small lexer, not a SQL parser: a `;` ends a statement unless it is inside a string literal
 * (`'…'`, `E'…'`), a quoted identifier (`"…"`), a dollar-quoted text (`$$…$$`, `$tag$…$tag$`, e.g. a
 * DO block's or a function's body) or a comment (`-- …`, `/* … *\/`). A DO block (or a function call)
 * is one statement and runs in its own implicit transaction (all or nothing); it lets such a migration
 * decide from the catalog (e.g. add a constraint only when it is missing, with no exclusive lock). A
 * helper the migration's statements share can be a session function (`CREATE FUNCTION pg_temp.…`):
 * they all run on one connection. Functions of the schema belong in an ordinary (transactional)
 * migration, where a failure undoes everything.
 */
export function splitStatements(script: string, migrationName: string): string[] {
  const statements: string[] = [];
  let current = '';
  let state: 'code' | 'single' | 'double' | 'dollar' | 'line-comment' | 'block-comment' = 'code';
  /** The opening `$tag$` of the dollar-quoted text being read: the same tag closes it. */
  let dollarTag = '';
  /** Block comments nest in PostgreSQL: `/* a /* b *\/ still a comment *\/`. */
  let commentDepth = 0;
  /** In an `E'…'` literal a backslash escapes the next character (a `\'` does not end it). */
  let backslashEscapes = false;
  for (let i = 0; i < script.length; i += 1) {
    const char = script[i];
    const next = script[i + 1];
    switch (state) {
      case 'code':
        if (char === ';') {
          pushStatement(statements, current);
          current = '';
          continue;
        }
        if (char === '-' && next === '-') state = 'line-comment';
        else if (char === '/' && next === '*') {
          state = 'block-comment';
          commentDepth = 1;
          current += '/*';
          i += 1;
          continue;
        } else if (char === "'") {
          // A quote right after a literal's closing quote is a doubled quote: the same literal goes on,
          // with its own kind of escapes.
          const reentered = script[i - 1] === "'";
          if (!reentered)
            backslashEscapes = /[Ee]/.test(script[i - 1] ?? '') && !/\w/.test(script[i - 2] ?? '');
          state = 'single';
        } else if (char === '"') state = 'double';
        else if (char === '$' && !/\w/.test(script[i - 1] ?? '')) {
          const tag = /^\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$/.exec(script.slice(i, i + 64));
          if (tag) {
            dollarTag = tag[0];
            state = 'dollar';
            current += dollarTag;
            i += dollarTag.length - 1;
            continue;
          }
        }
        break;
      case 'dollar':
        if (char === '$' && script.startsWith(dollarTag, i)) {
          current += dollarTag;
          i += dollarTag.length - 1;
          state = 'code';
          continue;
        }
        break;
      case 'single':
        if (backslashEscapes && char === '\\') {
          current += char + (next ?? '');
          i += 1;
          continue;
        }
        // A doubled quote is an escaped quote: leaving and re-entering the literal reads it the same.
        if (char === "'") state = 'code';
        break;
      case 'double':
        if (char === '"') state = 'code';
        break;
      case 'line-comment':
        if (char === '\n') state = 'code';
        break;
      case 'block-comment':
        if (char === '/' && next === '*') {
          commentDepth += 1;
          current += '/*';
          i += 1;
          continue;
        }
        if (char === '*' && next === '/') {
          commentDepth -= 1;
          current += '*/';
          i += 1;
          if (commentDepth === 0) state = 'code';
          continue;
        }
        break;
    }
    current += char;
  }
  if (state !== 'code' && state !== 'line-comment') {
    throw new MigrationError(`migration ${migrationName} ends inside a quoted string or a comment`);
  }
  pushStatement(statements, current);
  return statements;
}

/** Keeps a statement unless it holds only blanks and comments. */
function pushStatement(statements: string[], text: string): void {
  const withoutComments = text.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
  if (withoutComments.trim() !== '') statements.push(text.trim());
}
