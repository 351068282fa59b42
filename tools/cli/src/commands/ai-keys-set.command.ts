import { CliError, type CommandIo } from '../cli-error';
import {
  adminSecretBox,
  loadAdminConfig,
  parseCommandArgs,
  requireTenant,
  withDatabase,
  type AdminOptions,
} from './admin-context';

export const AI_KEYS_SET_USAGE =
  'ai keys set --tenant <slug> --provider openai|gemini [--model <model>] --key-stdin [--json]';

const PROVIDERS = ['openai', 'gemini'] as const;
type Provider = (typeof PROVIDERS)[number];

/** Where the workspace's model for each provider lives in `tenants.settings.ai` (see libs/ai ai-setup). */
const MODEL_SETTING: Record<Provider, string> = { openai: 'openaiModel', gemini: 'geminiModel' };

const MAX_KEY_LENGTH = 1_000;
const MAX_MODEL_LENGTH = 200;

/** Reads everything piped to the process (the key: never an argument, which `ps` and shell history keep). */
export async function readProcessStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new CliError('--key-stdin reads the key from standard input: pipe it in (e.g. < key.txt)');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `ai keys set`: stores a workspace's OpenAI or Gemini key, sealed with ENCRYPTION_KEY in
 * `tenant_secrets` (replacing the previous one), and optionally the model its AI steps use with that
 * provider. The key comes from standard input and is never printed. 0 stored, 1 unknown tenant or
 * database trouble, 2 bad arguments, an empty key or bad configuration.
 */
export async function aiKeysSetCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const { positionals, values } = parseCommandArgs(
    args,
    {
      tenant: { type: 'string' },
      provider: { type: 'string' },
      model: { type: 'string' },
      'key-stdin': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    AI_KEYS_SET_USAGE,
  );
  if (positionals.length || !values.tenant || !values.provider) {
    throw new CliError(`usage: ${AI_KEYS_SET_USAGE}`);
  }
  const provider = values.provider as Provider;
  if (!PROVIDERS.includes(provider)) {
    throw new CliError(
      `--provider must be one of: ${PROVIDERS.join(', ')} (got ${JSON.stringify(values.provider)})`,
    );
  }
  if (!values['key-stdin']) {
    throw new CliError(
      `the key is read from standard input only: add --key-stdin\n\nusage: ${AI_KEYS_SET_USAGE}`,
    );
  }
  const model = values.model?.trim();
  if (values.model !== undefined && (!model || model.length > MAX_MODEL_LENGTH)) {
    throw new CliError(`--model must be 1-${MAX_MODEL_LENGTH} characters`);
  }
  const key = (await (options.readStdin ?? readProcessStdin)()).trim();
  if (!key) throw new CliError('no key on standard input');
  if (key.length > MAX_KEY_LENGTH || /\s/.test(key)) {
    throw new CliError('the key on standard input must be one line without spaces');
  }

  const config = await loadAdminConfig(options);
  const box = await adminSecretBox(config);
  const { AI_KEY_SECRETS, writeTenantSecret } = await import('@leadline/ai');
  const { withTenant } = await import('@leadline/database');
  const slug = values.tenant;
  await withDatabase(config, async (prisma) => {
    const tenant = await requireTenant(prisma, slug);
    await withTenant(prisma, tenant.id, (tx) =>
      writeTenantSecret(tx, box, { tenantId: tenant.id, name: AI_KEY_SECRETS[provider], value: key }),
    );
    if (model) {
      // One statement, so a concurrent change to other settings is not overwritten.
      await prisma.$executeRaw`
        UPDATE tenants
        SET settings = jsonb_set(
          COALESCE(settings, '{}'::jsonb), '{ai}',
          COALESCE(settings->'ai', '{}'::jsonb) || jsonb_build_object(${MODEL_SETTING[provider]}::text, ${model}::text))
        WHERE id = ${tenant.id}::uuid`;
    }
  });
  const secret = AI_KEY_SECRETS[provider];
  if (values.json) {
    io.out(JSON.stringify({ tenant: slug, provider, secret, ...(model ? { model } : {}) }));
  } else {
    io.out(
      `Stored the ${provider} key of ${slug} (encrypted, as ${secret})${model ? `; its ${provider} model is ${model}` : ''}.`,
    );
  }
  return 0;
}
