import { CliError, type CommandIo } from '../cli-error';
import {
  adminSecretBox,
  loadAdminConfig,
  parseCommandArgs,
  requireTenant,
  withDatabase,
  type AdminOptions,
} from './admin-context';
import { readProcessStdin } from './ai-keys-set.command';

export const SECRETS_USAGE = 'secrets set --tenant <slug> --name <NAME> --value-stdin [--json]';

/** The names `{{secrets.NAME}}` and an activity's `secrets` accept. */
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_VALUE_LENGTH = 10_000;

/**
 * `secrets set`: stores a workspace secret that HTTP steps (`{{secrets.NAME}}`) and custom
 * activities (declared `secrets`) use, sealed with ENCRYPTION_KEY in `tenant_secrets`, replacing
 * the previous value. The value comes from standard input and is never printed. 0 stored, 1 unknown
 * tenant or database trouble, 2 bad arguments or an empty value.
 */
export async function secretsCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const [action, ...rest] = args;
  if (action !== 'set') throw new CliError(`usage: ${SECRETS_USAGE}`);
  const { positionals, values } = parseCommandArgs(
    rest,
    {
      tenant: { type: 'string' },
      name: { type: 'string' },
      'value-stdin': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    SECRETS_USAGE,
  );
  if (positionals.length || !values.tenant || !values.name) throw new CliError(`usage: ${SECRETS_USAGE}`);
  const name = values.name;
  if (!SECRET_NAME.test(name)) {
    throw new CliError(
      `--name must be letters, digits and "_", not starting with a digit, at most 64 (got ${JSON.stringify(name)})`,
    );
  }
  if (!values['value-stdin']) {
    throw new CliError(
      `the value is read from standard input only: add --value-stdin\n\nusage: ${SECRETS_USAGE}`,
    );
  }
  // One trailing newline (from echo or a file) is not part of the secret; anything else is kept.
  const value = (await (options.readStdin ?? readProcessStdin)()).replace(/\r?\n$/, '');
  if (!value) throw new CliError('no value on standard input');
  if (value.length > MAX_VALUE_LENGTH)
    throw new CliError(`the value is longer than ${MAX_VALUE_LENGTH} characters`);

  const config = await loadAdminConfig(options);
  const box = await adminSecretBox(config);
  const { writeTenantSecret } = await import('@leadline/ai');
  const { withTenant } = await import('@leadline/database');
  const slug = values.tenant;
  await withDatabase(config, async (prisma) => {
    const tenant = await requireTenant(prisma, slug);
    await withTenant(prisma, tenant.id, (tx) =>
      writeTenantSecret(tx, box, { tenantId: tenant.id, name, value }),
    );
  });
  if (values.json) io.out(JSON.stringify({ tenant: slug, secret: name }));
  else io.out(`Stored the secret ${name} of ${slug} (encrypted); flows refer to it as {{secrets.${name}}}.`);
  return 0;
}
