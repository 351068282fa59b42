import type { CampaignParams, ParamSource } from '@leadline/campaigns';
import { CliError, type CommandIo } from '../cli-error';
import {
  loadAdminConfig,
  parseCommandArgs,
  requireTenant,
  withDatabase,
  type AdminOptions,
} from './admin-context';

export const CAMPAIGN_USAGE = [
  'campaign create --tenant <slug> --name <n> --template <name> --language <code> (--tag <t> | --segment <id>)',
  '    [--param 1=contact.name]... [--at <ISO time>] [--flow <key>] [--button-flow "<button>=<flow key>"]...',
  '    [--header-media image|document|video=<https URL>] [--rate <n/s>] [--json]',
  'campaign start|pause|resume|cancel <id> --tenant <slug> [--json]',
  'campaign show <id> --tenant <slug> [--json]',
].join('\n       ');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `campaign create | start | pause | resume | cancel | show` (libs/campaigns does the work). */
export async function campaignCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const [action, ...rest] = args;
  switch (action) {
    case 'create':
      return create(rest, io, options);
    case 'start':
    case 'pause':
    case 'resume':
    case 'cancel':
    case 'show':
      return control(action, rest, io, options);
    default:
      throw new CliError(`usage: ${CAMPAIGN_USAGE}`);
  }
}

/** Runs `work` in the tenant's scope; a CampaignError or a zod error is exit 1 with its message. */
async function inTenant<T>(
  slug: string,
  options: AdminOptions,
  work: (tx: import('@leadline/database').TenantTransaction, tenantId: string, now: Date) => Promise<T>,
): Promise<T> {
  const config = await loadAdminConfig(options);
  const { CampaignError } = await import('@leadline/campaigns');
  const { withTenant } = await import('@leadline/database');
  return withDatabase(config, async (prisma) => {
    const tenant = await requireTenant(prisma, slug);
    try {
      return await withTenant(prisma, tenant.id, (tx) => work(tx, tenant.id, new Date()), {
        timeout: 120_000,
      });
    } catch (error) {
      if (error instanceof CampaignError) throw new CliError(error.message, 1);
      const issues = (error as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues;
      if (issues?.length)
        throw new CliError(`${issues[0].path.join('.') || 'input'}: ${issues[0].message}`, 2);
      throw error;
    }
  });
}

async function create(args: string[], io: CommandIo, options: AdminOptions) {
  const { positionals, values } = parseCommandArgs(
    args,
    {
      tenant: { type: 'string' },
      name: { type: 'string' },
      template: { type: 'string' },
      language: { type: 'string' },
      tag: { type: 'string', multiple: true },
      segment: { type: 'string' },
      param: { type: 'string', multiple: true },
      fallback: { type: 'string' },
      at: { type: 'string' },
      flow: { type: 'string' },
      'button-flow': { type: 'string', multiple: true },
      'header-media': { type: 'string' },
      rate: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    CAMPAIGN_USAGE,
  );
  const slug = values.tenant?.trim();
  if (positionals.length || !slug || !values.name || !values.template || !values.language) {
    throw new CliError(`usage: ${CAMPAIGN_USAGE}`);
  }
  if (Boolean(values.tag?.length) === Boolean(values.segment)) {
    throw new CliError('give the audience as --tag <t> (one or more) or --segment <id>, not both');
  }
  const { parseParamFlag } = await import('@leadline/campaigns');
  const params: CampaignParams = { body: [], ...(values.fallback ? { fallback: values.fallback } : {}) };
  const slots = new Map<number, ParamSource>();
  for (const flag of values.param ?? []) {
    const parsed = parseParamFlag(flag);
    if (!parsed) throw new CliError(`--param "${flag}": write it as <n>=contact.<field> or <n>=<text>`);
    if (parsed.slot === 'header') params.header = parsed.source;
    else slots.set(parsed.slot, parsed.source);
  }
  for (let n = 1; n <= slots.size; n++) {
    const source = slots.get(n);
    if (!source) throw new CliError(`--param: parameter ${n} is missing (give 1..${slots.size})`);
    params.body.push(source);
  }
  if (values['header-media'] !== undefined) {
    const match = /^(image|document|video)=(https:\/\/\S+)$/.exec(values['header-media'].trim());
    if (!match) {
      throw new CliError(
        '--header-media: write it as image=https://…, document=https://… or video=https://…',
      );
    }
    params.headerMedia = { kind: match[1] as 'image' | 'document' | 'video', url: match[2] };
  }
  const buttonFlows: Record<string, string> = {};
  for (const flag of values['button-flow'] ?? []) {
    const at = flag.lastIndexOf('=');
    const button = flag.slice(0, at).trim();
    const flowKey = flag.slice(at + 1).trim();
    if (at < 0 || !button || !flowKey) {
      throw new CliError(`--button-flow "${flag}": write it as "<button text or payload>=<flow key>"`);
    }
    buttonFlows[button] = flowKey;
  }
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (rate !== undefined && !(Number.isInteger(rate) && rate >= 1 && rate <= 1000)) {
    throw new CliError('--rate must be a whole number of messages per second, 1-1000');
  }
  const { createCampaign } = await import('@leadline/campaigns');
  const created = await inTenant(slug, options, (tx, tenantId, now) =>
    createCampaign(
      tx,
      tenantId,
      {
        name: values.name!,
        templateName: values.template!,
        language: values.language!,
        audience: values.segment ? { segmentId: values.segment } : { tags: values.tag! },
        params,
        ...(values.flow ? { flowKey: values.flow } : {}),
        ...(Object.keys(buttonFlows).length ? { buttonFlows } : {}),
        ...(values.at ? { scheduledAt: values.at } : {}),
        ...(rate ? { ratePerSecond: rate } : {}),
      },
      now,
    ),
  );
  io.out(
    values.json
      ? JSON.stringify(created, null, 2)
      : `Campaign ${created.id} created (start it with: campaign start ${created.id} --tenant ${slug}).`,
  );
  return 0;
}

async function control(
  action: 'start' | 'pause' | 'resume' | 'cancel' | 'show',
  args: string[],
  io: CommandIo,
  options: AdminOptions,
) {
  const { positionals, values } = parseCommandArgs(
    args,
    { tenant: { type: 'string' }, json: { type: 'boolean', default: false } },
    CAMPAIGN_USAGE,
  );
  const slug = values.tenant?.trim();
  const [id] = positionals;
  if (positionals.length !== 1 || !slug || !id) throw new CliError(`usage: ${CAMPAIGN_USAGE}`);
  if (!UUID.test(id)) throw new CliError(`no campaign ${id}`, 1);
  const lib = await import('@leadline/campaigns');
  const result = await inTenant(slug, options, async (tx, tenantId, now) => {
    switch (action) {
      case 'start':
        return lib.startCampaign(tx, tenantId, id, now);
      case 'pause':
        return lib.pauseCampaign(tx, id);
      case 'resume':
        return lib.resumeCampaign(tx, tenantId, id, now);
      case 'cancel':
        return lib.cancelCampaign(tx, id, now);
      case 'show': {
        const stats = await lib.campaignStats(tx, id, now);
        if (!stats) throw new lib.CampaignError('CAMPAIGN_NOT_FOUND', `no campaign ${id}`);
        return stats;
      }
    }
  });
  if (values.json) {
    io.out(JSON.stringify(result, null, 2));
    return 0;
  }
  if (action !== 'show') {
    io.out(`Campaign ${id} is ${result.status}.`);
    return 0;
  }
  const s = result as Awaited<ReturnType<typeof lib.campaignStats>> & object;
  io.out(
    [
      `Status: ${s.status}`,
      `Recipients: ${s.recipients} (${s.pending} waiting)`,
      `Sent ${s.sent} · delivered ${s.delivered} · read ${s.read} · replied ${s.replied} · completed the flow ${s.completed}`,
      `Failed ${s.failed} · skipped: opted out ${s.skipped.optedOut}, tier limit ${s.skipped.tierLimit}, invalid ${s.skipped.invalid}, +1 marketing ${s.skipped.marketingToUs}`,
    ].join('\n'),
  );
  return 0;
}
