import { CliError, type CommandIo } from '../cli-error';
import {
  loadAdminConfig,
  parseCommandArgs,
  requireTenant,
  withDatabase,
  type AdminOptions,
} from './admin-context';
import { isRunId } from './runs-data';
import { formatRunDetail } from './runs-text';

export const RUNS_SHOW_USAGE = 'runs show <run-id> --tenant <slug> [--json]';

/** `runs show <run-id> --tenant <slug> [--json]`: a run with its events and messages. 1 when it does not exist. */
export async function runsShowCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const { positionals, values } = parseCommandArgs(
    args,
    { tenant: { type: 'string' }, json: { type: 'boolean', default: false } },
    RUNS_SHOW_USAGE,
  );
  const slug = values.tenant?.trim();
  if (positionals.length !== 1 || !slug) throw new CliError(`usage: ${RUNS_SHOW_USAGE}`);
  const [runId] = positionals;
  if (!isRunId(runId)) throw new CliError(`run id must be a UUID, got ${JSON.stringify(runId)}`);

  const config = await loadAdminConfig(options);
  const run = await withDatabase(config, async (prisma) => {
    const tenant = await requireTenant(prisma, slug);
    const { loadRun, withTenant } = await import('@leadline/database');
    return withTenant(prisma, tenant.id, (tx) => loadRun(tx, runId));
  });
  if (!run) throw new CliError(`tenant "${slug}" has no run ${runId}`, 1);

  io.out(values.json ? JSON.stringify(run, null, 2) : formatRunDetail(run, slug));
  return 0;
}
