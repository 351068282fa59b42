// What the database commands (tenant, channel, publish) share: configuration, the system client,
// tenant lookup and database errors turned into one-line messages. Everything heavy is imported
// lazily, so `validate`, `simulate` and `schema` never load Prisma or touch a database.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { AppConfig } from '@leadline/config';
import type { PrismaClient, Tenant } from '@leadline/database';
import type { SecretBox } from '@leadline/secrets';
import { CliError } from '../cli-error';

export type EnvRecord = Readonly<Record<string, string | undefined>>;

export interface AdminOptions {
  /** The environment to read instead of `.env` + `process.env` (tests). */
  env?: EnvRecord;
  /** The working directory instead of the process's (tests): where `activity new` writes. */
  cwd?: string;
  /** Standard input instead of the process's (tests); read by commands that take a secret from it. */
  readStdin?: () => Promise<string>;
}

/** parseArgs for one command: unknown or malformed options are exit 2 with that command's usage. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  usage: string,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      throw new CliError(`${(error as Error).message}\n\nusage: ${usage}`);
    }
    throw error;
  }
}

/** loadConfig(); an invalid configuration is exit 2 with the config library's own explanation. */
export async function loadAdminConfig(options: AdminOptions): Promise<AppConfig> {
  const { ConfigError, formatConfigError, loadConfig } = await import('@leadline/config');
  try {
    return loadConfig(options.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(formatConfigError(error));
    throw error;
  }
}

/**
 * The secret box of this deployment: seals with ENCRYPTION_KEY, opens with it or any key of
 * ENCRYPTION_KEYS_PREVIOUS. A malformed previous key is exit 2, naming the variable only.
 */
export async function adminSecretBox(config: AppConfig): Promise<SecretBox> {
  const { createSecretBoxFromBase64Keys, SecretBoxError } = await import('@leadline/secrets');
  try {
    return createSecretBoxFromBase64Keys({
      current: config.security.encryptionKey,
      previous: config.security.previousEncryptionKeys,
    });
  } catch (error) {
    if (error instanceof SecretBoxError) throw new CliError(`invalid configuration: ${error.message}`);
    throw error;
  }
}

/** Runs `work` with the system client (see docs/data-model.md: the admin CLI may use it). */
export async function withDatabase<T>(config: AppConfig, work: (prisma: PrismaClient) => Promise<T>) {
  const { createPrismaClient } = await import('@leadline/database');
  const prisma = createPrismaClient({ url: config.database.url, maxConnections: 2 });
  try {
    return await work(prisma);
  } catch (error) {
    throw await describeDatabaseError(error, config.database.url);
  } finally {
    await prisma.$disconnect();
  }
}

export async function findTenantOrUndefined(prisma: PrismaClient, slug: string) {
  return (await prisma.tenant.findUnique({ where: { slug } })) ?? undefined;
}

/** The tenant with this slug, or exit 1 naming it. */
export async function requireTenant(prisma: PrismaClient, slug: string): Promise<Tenant> {
  const tenant = await findTenantOrUndefined(prisma, slug);
  if (!tenant) throw new CliError(`tenant "${slug}" does not exist`, 1);
  return tenant;
}

/** The constraint a Prisma unique violation (P2002) hit, or undefined for any other error. */
export function uniqueViolation(error: unknown): string | undefined {
  const { code, meta } = error as { code?: string; meta?: Record<string, unknown> };
  if (code !== 'P2002') return undefined;
  const cause = (meta?.driverAdapterError as { cause?: { constraint?: { index?: string } } } | undefined)
    ?.cause;
  return cause?.constraint?.index ?? String(meta?.target ?? 'unique constraint');
}

/**
 * Connection and schema problems as exit-1 CliErrors that say what to do. The commands do not
 * migrate on their own: an admin command must not create a database on a mistyped URL or change the
 * schema of a production database behind the operator's back, so they point to `npm run db:migrate`.
 */
async function describeDatabaseError(error: unknown, url: string): Promise<unknown> {
  if (error instanceof CliError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^P1\d{3}$|^P2021$|^P2022$/.test(code)) return error;
  const { parseDatabaseUrl, redactDatabaseUrl } = await import('@leadline/database');
  const { host, port, database } = parseDatabaseUrl(url, 'DATABASE_URL');
  const where = `database "${database}" at ${host}:${port}`;
  switch (code) {
    case 'P1001':
    case 'P1002':
    case 'P1017':
      return new CliError(
        `cannot reach PostgreSQL at ${host}:${port} (is it running? DATABASE_URL is ${redactDatabaseUrl(url)})`,
        1,
      );
    case 'P1000':
      return new CliError(
        `PostgreSQL at ${host}:${port} refused the login (check the user and password in DATABASE_URL)`,
        1,
      );
    case 'P1003':
      return new CliError(`the ${where} does not exist; create and migrate it with: npm run db:migrate`, 1);
    case 'P2021':
    case 'P2022':
      return new CliError(
        `the ${where} is not migrated (a table or column is missing); run: npm run db:migrate`,
        1,
      );
    default:
      return new CliError(`cannot use the ${where}: ${prismaReason(error)}`, 1);
  }
}

/** Prisma's messages start with the call site and end with the reason. */
function prismaReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim().split('\n').pop() ?? message;
}
