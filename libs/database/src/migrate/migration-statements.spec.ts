import { MigrationError } from './migration.errors';
import { isNoTransactionScript, splitStatements } from './migration-statements';

describe('isNoTransactionScript', () => {
  it('is true only when the first line is the directive', () => {
    expect(isNoTransactionScript('-- leadline:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);')).toBe(
      true,
    );
    expect(isNoTransactionScript('-- leadline:no-transaction\r\nSELECT 1;')).toBe(true);
    expect(isNoTransactionScript('\uFEFF-- leadline:no-transaction\nSELECT 1;')).toBe(true);
    expect(isNoTransactionScript('SELECT 1;\n-- leadline:no-transaction\n')).toBe(false);
    expect(isNoTransactionScript('-- leadline:no-transactions\nSELECT 1;')).toBe(false);
    expect(isNoTransactionScript('CREATE TABLE a (id int);')).toBe(false);
  });
});

describe('splitStatements', () => {
  it('splits at each semicolon outside quotes and comments, dropping empty and comment-only parts', () => {
    const script = [
      '-- leadline:no-transaction',
      '-- why: a comment; with a semicolon',
      'DROP INDEX CONCURRENTLY IF EXISTS "a;b";',
      "COMMENT ON TABLE t IS 'it''s; fine';",
      '/* a block; comment */ CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a)',
      "  WHERE b = E'x\\';y';",
      ';',
      '-- trailing comment',
    ].join('\n');

    expect(splitStatements(script, 'm')).toEqual([
      '-- leadline:no-transaction\n-- why: a comment; with a semicolon\nDROP INDEX CONCURRENTLY IF EXISTS "a;b"',
      "COMMENT ON TABLE t IS 'it''s; fine'",
      "/* a block; comment */ CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a)\n  WHERE b = E'x\\';y'",
    ]);
  });

  it('reads nested block comments, dollar tags with digits and escapes after a doubled quote as PostgreSQL does', () => {
    expect(splitStatements('SELECT 1 /* a /* b */ ; still a comment */; SELECT 2;', 'm')).toEqual([
      'SELECT 1 /* a /* b */ ; still a comment */',
      'SELECT 2',
    ]);
    expect(splitStatements('SELECT 1 /*/ ; */; SELECT 2;', 'm')).toEqual(['SELECT 1 /*/ ; */', 'SELECT 2']);
    expect(splitStatements('SELECT $a1$ ; $a$ ; $a1$; SELECT 2;', 'm')).toEqual([
      'SELECT $a1$ ; $a$ ; $a1$',
      'SELECT 2',
    ]);
    expect(splitStatements("SELECT E'it''s \\'; not the end';", 'm')).toEqual([
      "SELECT E'it''s \\'; not the end'",
    ]);
  });

  it('keeps a last statement without a semicolon', () => {
    expect(splitStatements('SELECT 1;\nSELECT 2', 'm')).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('keeps a dollar-quoted body (a DO block) whole, semicolons, quotes and dashes included', () => {
    const block = "DO $$ BEGIN IF true THEN PERFORM 'a;'; END IF; -- it's\n PERFORM 1; END $$";
    expect(splitStatements(`${block};\nSELECT 2;`, '003_x')).toEqual([block, 'SELECT 2']);
    expect(
      splitStatements(
        'CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $$ $body$ LANGUAGE sql; SELECT 3',
        'm',
      ),
    ).toEqual(['CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $$ $body$ LANGUAGE sql', 'SELECT 3']);
  });

  it('does not take a positional parameter or a name with a dollar for a dollar quote', () => {
    expect(splitStatements('SELECT $1; SELECT a$b$c FROM t;', 'm')).toEqual([
      'SELECT $1',
      'SELECT a$b$c FROM t',
    ]);
  });

  it('refuses a script that ends inside a string or a comment', () => {
    expect(() => splitStatements("SELECT 'open;", 'm')).toThrow(/ends inside a quoted string or a comment/);
    expect(() => splitStatements('SELECT 1; /* open', 'm')).toThrow(/ends inside/);
    expect(() => splitStatements('DO $x$ BEGIN END $$;', 'm')).toThrow(MigrationError);
  });
});
