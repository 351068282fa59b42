import { CliError, type CommandIo } from '../cli-error';
import {
  findTenantOrUndefined,
  loadAdminConfig,
  parseCommandArgs,
  uniqueViolation,
  withDatabase,
  type AdminOptions,
} from './admin-context';
import { tenantSettingsCommand } from './tenant-settings.command';

export const TENANT_USAGE = 'tenant create <slug> [--name <name>] [--json]';

/** Lower-case letters, digits and dashes, 2-63 characters, not starting with a dash. */
export const TENANT_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** What the first key of a tenant may do: submit leads and start, read and control runs. */
export const FIRST_API_KEY_SCOPES = ['leads:write', 'runs:read', 'runs:write'];

const MAX_NAME_LENGTH = 200;

/**
 * `tenant create <slug> [--name <name>] [--json]`: creates a tenant with its first API key and prints
 * the key once. 0 created, 1 the slug is taken or the database is unusable, 2 bad arguments or config.
 */
export async function tenantCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  if (args[0] === 'settings') return tenantSettingsCommand(args.slice(1), io, options);
  const { positionals, values } = parseCommandArgs(
    args,
    { name: { type: 'string' }, json: { type: 'boolean', default: false } },
    TENANT_USAGE,
  );
  const [action, slug, ...extra] = positionals;
  if (action !== 'create' || slug === undefined || extra.length) {
    throw new CliError(`usage: ${TENANT_USAGE}`);
  }
  if (!TENANT_SLUG_PATTERN.test(slug)) {
    throw new CliError(
      `invalid tenant slug ${JSON.stringify(slug)}: use 2-63 lower-case letters, digits and dashes, ` +
        'starting with a letter or digit (e.g. acme-solar)',
    );
  }
  const name = (values.name ?? slug).trim();
  if (!name || name.length > MAX_NAME_LENGTH) {
    throw new CliError(`--name must be 1-${MAX_NAME_LENGTH} characters`);
  }

  const config = await loadAdminConfig(options);
  const { generateApiKey, hashApiKey } = await import('@leadline/secrets');
  const apiKey = generateApiKey();
  const tenant = await withDatabase(config, async (prisma) => {
    if (await findTenantOrUndefined(prisma, slug)) throw slugTaken(slug);
    try {
      // Provisioning is system-client work (docs/data-model.md): leadline_app may not insert tenants.
      return await prisma.$transaction(async (tx) => {
        const created = await tx.tenant.create({ data: { slug, name } });
        const key = await tx.apiKey.create({
          data: {
            tenantId: created.id,
            name: 'default',
            prefix: apiKey.prefix,
            keyHash: hashApiKey(apiKey.key),
            scopes: FIRST_API_KEY_SCOPES,
          },
        });
        await tx.auditLog.create({
          data: {
            tenantId: created.id,
            action: 'tenant.created',
            targetType: 'tenant',
            targetId: created.id,
            data: {
              via: 'cli',
              slug,
              name,
              apiKey: { id: key.id, prefix: key.prefix, scopes: FIRST_API_KEY_SCOPES },
            },
          },
        });
        return created;
      });
    } catch (error) {
      // Someone created the same slug between our check and our insert.
      if (uniqueViolation(error) === 'tenants_slug_key') throw slugTaken(slug);
      throw error;
    }
  });

  if (values.json) {
    io.out(JSON.stringify({ tenant: tenant.slug, apiKey: apiKey.key }, null, 2));
  } else {
    io.out(
      [
        `Created tenant "${tenant.slug}" (${tenant.name}), id ${tenant.id}.`,
        `API key (scopes ${FIRST_API_KEY_SCOPES.join(', ')}). It is shown only this once; store it now:`,
        '',
        `  ${apiKey.key}`,
        '',
      ].join('\n'),
    );
  }
  return 0;
}

function slugTaken(slug: string): CliError {
  return new CliError(`tenant "${slug}" already exists; choose another slug`, 1);
}
