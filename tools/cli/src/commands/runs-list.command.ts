import { FLOW_ID_PATTERN } from '@leadline/flow-core';
import { CliError, type CommandIo } from '../cli-error';
import {
  loadAdminConfig,
  parseCommandArgs,
  requireTenant,
  withDatabase,
  type AdminOptions,
} from './admin-context';
import { RUN_STATUSES, type RunStatus } from './runs-data';
import { formatRunList } from './runs-text';

export const RUNS_LIST_USAGE =
  'runs list --tenant <slug> [--status <status>[,<status>...]] [--flow <key>] [--limit <n>] [--json]';

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;

function parseStatuses(text: string): RunStatus[] {
  const statuses = [...new Set(text.split(',').map((part) => part.trim()))];
  const wrong = statuses.filter((status) => !(RUN_STATUSES as readonly string[]).includes(status));
  if (wrong.length) {
    throw new CliError(`--status: unknown status "${wrong[0]}"; use ${RUN_STATUSES.join(', ')}`);
  }
  return statuses as RunStatus[];
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIMIT;
  const limit = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT))
    throw new CliError(`--limit must be a whole number from 1 to ${MAX_LIMIT}`);
  return limit;
}

/**
 * `runs list --tenant <slug> [--status s[,s]] [--flow <key>] [--limit n] [--json]`: the tenant's runs,
 * newest first. 0 listed (even none), 1 unknown tenant or database unusable, 2 bad arguments.
 */
export async function runsListCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const { positionals, values } = parseCommandArgs(
    args,
    {
      tenant: { type: 'string' },
      status: { type: 'string' },
      flow: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    RUNS_LIST_USAGE,
  );
  const slug = values.tenant?.trim();
  if (positionals.length || !slug) throw new CliError(`usage: ${RUNS_LIST_USAGE}`);
  const statuses = values.status === undefined ? undefined : parseStatuses(values.status);
  if (values.flow !== undefined && !FLOW_ID_PATTERN.test(values.flow)) {
    throw new CliError(`--flow must be a flow key such as lead-capture, got ${JSON.stringify(values.flow)}`);
  }
  const limit = parseLimit(values.limit);

  const config = await loadAdminConfig(options);
  const { runs, more } = await withDatabase(config, async (prisma) => {
    const tenant = await requireTenant(prisma, slug);
    const { listRuns, withTenant } = await import('@leadline/database');
    const page = await withTenant(prisma, tenant.id, (tx) =>
      listRuns(tx, { statuses, flowKey: values.flow }, limit),
    );
    return { runs: page.runs, more: page.next !== null };
  });

  io.out(values.json ? JSON.stringify({ runs, more }, null, 2) : formatRunList(runs, more, limit));
  return 0;
}
