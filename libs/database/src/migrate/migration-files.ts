import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MigrationError } from './migration.errors';
import { isNoTransactionScript, splitStatements } from './migration-statements';

export interface LocalMigration {
  /** Folder name, e.g. 20261122234047_init; migrations run in the order of these names. */
  name: string;
  script: string;
  /** sha256 hex of migration.sql, as Prisma stores it in _prisma_migrations.checksum. */
  checksum: string;
  /**
   * Set when the file starts with `-- leadline:no-transaction` (migration-statements.ts): its
   * statements, each run alone outside a transaction. Absent: the script runs in one transaction.
   */
  statements?: string[];
}

const CHECKSUM_LENGTH = 64;

export function migrationChecksum(script: string | Buffer): string {
  return createHash('sha256').update(script).digest('hex');
}

/**
 * Whether a script matches a recorded checksum, with Prisma's leniency: line endings may have been
 * converted by git (CRLF <-> LF), and very old Prisma versions stored hex without zero padding.
 */
export function checksumMatches(script: string, recorded: string): boolean {
  const variants = [script, script.replace(/\r\n/g, '\n'), script.replace(/\r?\n/g, '\r\n')];
  return variants.some((variant) => {
    const digest = createHash('sha256').update(variant).digest();
    if (recorded.length === CHECKSUM_LENGTH) return digest.toString('hex') === recorded;
    return [...digest].map((byte) => byte.toString(16)).join('') === recorded;
  });
}

/** The migration folders of a Prisma migrations directory, in the order Prisma applies them. */
export function readLocalMigrations(migrationsDir: string): LocalMigration[] {
  if (!existsSync(migrationsDir)) {
    throw new MigrationError(`migrations directory ${migrationsDir} does not exist`);
  }
  assertPostgresqlLock(migrationsDir);
  const names = readdirSync(migrationsDir)
    .filter((entry) => statSync(join(migrationsDir, entry)).isDirectory())
    .sort();
  return names.map((name) => {
    const file = join(migrationsDir, name, 'migration.sql');
    if (!existsSync(file)) throw new MigrationError(`migration ${name} has no migration.sql`);
    const bytes = readFileSync(file);
    const script = bytes.toString('utf8');
    const migration: LocalMigration = { name, script, checksum: migrationChecksum(bytes) };
    // Split when read, so a file the lexer refuses stops the run before anything is applied.
    if (isNoTransactionScript(script)) migration.statements = splitStatements(script, name);
    return migration;
  });
}

function assertPostgresqlLock(migrationsDir: string): void {
  const lockFile = join(migrationsDir, 'migration_lock.toml');
  if (!existsSync(lockFile)) return;
  const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(readFileSync(lockFile, 'utf8'))?.[1];
  if (provider && provider !== 'postgresql') {
    throw new MigrationError(`${lockFile} is for provider "${provider}", not "postgresql"`);
  }
}
