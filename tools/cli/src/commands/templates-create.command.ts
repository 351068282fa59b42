import { CliError, type CommandIo } from '../cli-error';
import {
  adminSecretBox,
  loadAdminConfig,
  parseCommandArgs,
  requireTenant,
  withDatabase,
  type AdminOptions,
} from './admin-context';
import { cliTemplateProviders } from './templates-providers';

export const TEMPLATES_CREATE_USAGE =
  'templates create --tenant <slug> --channel <phone-number-id> --name <name> --language <code> ' +
  '--category utility|marketing|authentication --body "<text with {{1}}>" [--example <value>]... [--json]';

/**
 * `templates create ...`: submits a body-only template with positional parameters (one --example per
 * parameter) to the channel's WhatsApp Business Account and stores it as pending until Meta's review
 * arrives. 0 submitted, 1 unknown tenant or channel / refused by the provider / database unusable,
 * 2 bad arguments (including a name or body Meta would refuse) or configuration.
 */
export async function templatesCreateCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const { positionals, values } = parseCommandArgs(
    args,
    {
      tenant: { type: 'string' },
      channel: { type: 'string' },
      name: { type: 'string' },
      language: { type: 'string' },
      category: { type: 'string' },
      body: { type: 'string' },
      example: { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
    },
    TEMPLATES_CREATE_USAGE,
  );
  const missing = (['tenant', 'channel', 'name', 'language', 'category', 'body'] as const).filter(
    (option) => !values[option]?.trim(),
  );
  if (positionals.length || missing.length) {
    const what = missing.length ? `missing ${missing.map((o) => `--${o}`).join(', ')}\n\n` : '';
    throw new CliError(`templates create: ${what}usage: ${TEMPLATES_CREATE_USAGE}`);
  }
  const slug = (values.tenant as string).trim();
  const phoneNumberId = (values.channel as string).trim();
  const engine = await import('@leadline/engine');
  let definition: Omit<Parameters<typeof engine.createTemplate>[2], 'channelId'>;
  try {
    definition = {
      name: (values.name as string).trim(),
      language: (values.language as string).trim(),
      category: (values.category as string).trim().toLowerCase() as 'utility',
      components: engine.bodyComponents(values.body as string, values.example),
    };
    // Refused here, before any database or network work, with every problem at once.
    engine.checkTemplateDefinition(definition);
  } catch (error) {
    if (error instanceof engine.InvalidTemplateError)
      throw new CliError(`templates create: ${error.message}`);
    throw error;
  }

  const config = await loadAdminConfig(options);
  const secretBox = await adminSecretBox(config);
  const deps = await cliTemplateProviders(config, secretBox);
  const template = await withDatabase(config, async (prisma) => {
    const tenant = await requireTenant(prisma, slug);
    const { withTenant } = await import('@leadline/database');
    const channels = await withTenant(prisma, tenant.id, (tx) =>
      tx.channel.findMany({ where: { phoneNumberId }, select: { id: true, provider: true } }),
    );
    // Phone number ids are unique per provider; templates are created on Meta numbers.
    const channel = channels.find((c) => c.provider === 'meta') ?? channels[0];
    if (!channel)
      throw new CliError(`tenant "${slug}" has no channel with phone number id "${phoneNumberId}"`, 1);
    let created;
    try {
      created = await engine.createTemplate(prisma, deps, { channelId: channel.id, ...definition });
    } catch (error) {
      if (error instanceof engine.TemplateChannelError) throw new CliError(error.message, 1);
      throw error;
    }
    await withTenant(prisma, tenant.id, (tx) =>
      tx.auditLog.create({
        data: {
          tenantId: tenant.id,
          action: 'template.submitted',
          targetType: 'template',
          targetId: created.id,
          data: {
            via: 'cli',
            channelId: created.channelId,
            name: created.name,
            language: created.language,
            category: created.category,
            status: created.status,
            providerTemplateId: created.providerTemplateId,
          },
        },
      }),
    );
    return created;
  });

  const { id, channelId, name, language, category, status, providerTemplateId } = template;
  if (values.json) {
    io.out(
      JSON.stringify(
        { template: { id, channelId, name, language, category, status, providerTemplateId } },
        null,
        2,
      ),
    );
  } else {
    io.out(
      `Submitted template ${name} (${language}, ${category}) on channel ${phoneNumberId}: status ${status}, ` +
        `provider id ${providerTemplateId}. Meta reviews it (up to 24 h); only approved templates are sent.`,
    );
  }
  return 0;
}
