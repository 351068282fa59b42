import { NODE_ID_PATTERN } from '@leadline/flow-core';
import type { AppConfig } from '@leadline/config';
import type { PrismaClient } from '@leadline/database';
import { CliError, type CommandIo } from '../cli-error';
import {
  loadAdminConfig,
  parseCommandArgs,
  requireTenant,
  withDatabase,
  type AdminOptions,
} from './admin-context';
import { ACTIVE_STATUSES, isRunId } from './runs-data';

export const RUNS_CANCEL_USAGE = 'runs cancel <run-id> --tenant <slug> [--reason <text>] [--json]';
export const RUNS_RESUME_USAGE = 'runs resume <run-id> --tenant <slug> [--node <node-id>] [--json]';

const MAX_REASON_LENGTH = 500;

type Control = { action: 'cancel'; reason?: string } | { action: 'resume'; nodeId?: string };

interface Requested {
  runId: string;
  action: Control['action'];
  status: string;
  flowKey: string;
  /** False when Redis did not take the wake-up: the engine's sweeper applies the event instead. */
  woken: boolean;
}

function nodeIds(definition: unknown): string[] {
  const nodes = (definition as { nodes?: unknown })?.nodes;
  return Array.isArray(nodes) ? nodes.map((node) => String((node as { id?: unknown })?.id)) : [];
}

/** `runs cancel <run-id> --tenant <slug> [--reason <text>]`. */
export async function runsCancelCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const { positionals, values } = parseCommandArgs(
    args,
    { tenant: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean', default: false } },
    RUNS_CANCEL_USAGE,
  );
  const reason = values.reason?.trim();
  if (values.reason !== undefined && (!reason || reason.length > MAX_REASON_LENGTH)) {
    throw new CliError(`--reason must be 1-${MAX_REASON_LENGTH} characters`);
  }
  const target = runTarget(positionals, values.tenant, RUNS_CANCEL_USAGE);
  return requestControl(
    target,
    { action: 'cancel', ...(reason ? { reason } : {}) },
    values.json,
    io,
    options,
  );
}

/** `runs resume <run-id> --tenant <slug> [--node <node-id>]`. */
export async function runsResumeCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const { positionals, values } = parseCommandArgs(
    args,
    { tenant: { type: 'string' }, node: { type: 'string' }, json: { type: 'boolean', default: false } },
    RUNS_RESUME_USAGE,
  );
  if (values.node !== undefined && !NODE_ID_PATTERN.test(values.node)) {
    throw new CliError(`--node must be a node id of the flow, got ${JSON.stringify(values.node)}`);
  }
  const target = runTarget(positionals, values.tenant, RUNS_RESUME_USAGE);
  return requestControl(
    target,
    { action: 'resume', ...(values.node ? { nodeId: values.node } : {}) },
    values.json,
    io,
    options,
  );
}

function runTarget(positionals: string[], tenant: string | undefined, usage: string) {
  const slug = tenant?.trim();
  if (positionals.length !== 1 || !slug) throw new CliError(`usage: ${usage}`);
  const [runId] = positionals;
  if (!isRunId(runId)) throw new CliError(`run id must be a UUID, got ${JSON.stringify(runId)}`);
  return { slug, runId };
}

/**
 * Records the control event in the contact's inbox through EngineClient, as the API does, then tries
 * to wake a worker over Redis. A refused request (1) records nothing; a Redis that is down does not
 * fail the command, since the event is already durable and the engine's sweeper picks it up.
 */
async function requestControl(
  target: { slug: string; runId: string },
  control: Control,
  json: boolean | undefined,
  io: CommandIo,
  options: AdminOptions,
): Promise<number> {
  const config = await loadAdminConfig(options);
  const requested = await withDatabase(config, async (prisma) => {
    const tenant = await requireTenant(prisma, target.slug);
    const { withTenant } = await import('@leadline/database');
    const run = await withTenant(prisma, tenant.id, async (tx) => {
      const found = await tx.flowRun.findUnique({
        where: { id: target.runId },
        select: { status: true, flowVersionId: true, flow: { select: { key: true } } },
      });
      if (!found) return undefined;
      const version = await tx.flowVersion.findUniqueOrThrow({
        where: { id: found.flowVersionId },
        select: { definition: true },
      });
      return { ...found, definition: version.definition };
    });
    if (!run) throw new CliError(`tenant "${target.slug}" has no run ${target.runId}`, 1);
    refuseIgnored(run.status, control, nodeIds(run.definition));

    const { recorded, woken } = await recordControl(config, prisma, tenant.id, target.runId, control);
    if (!recorded) throw new CliError(`tenant "${target.slug}" has no run ${target.runId}`, 1);
    await withTenant(prisma, tenant.id, (tx) =>
      tx.auditLog.create({
        data: {
          tenantId: tenant.id,
          action: `run.${control.action}_requested`,
          targetType: 'run',
          targetId: target.runId,
          data: { via: 'cli', ...control },
        },
      }),
    );
    return { runId: target.runId, action: control.action, status: run.status, flowKey: run.flow.key, woken };
  });

  if (json) {
    io.out(JSON.stringify(requested, null, 2));
  } else {
    io.out(describe(requested, control));
    if (!requested.woken) {
      io.err(
        `leadline: Redis at ${redisHost(config.redis.url)} did not answer, so no worker was woken; the request ` +
          'is recorded and a worker applies it on its next sweep.',
      );
    }
  }
  return 0;
}

/** What the engine would ignore (a run that ended, a resume without a handoff) or fail the run on. */
function refuseIgnored(status: string, control: Control, nodes: string[]): void {
  if (control.action === 'cancel' && !ACTIVE_STATUSES.includes(status as never)) {
    throw new CliError(`the run has already ended (${status}); there is nothing to cancel`, 1);
  }
  if (control.action === 'resume') {
    if (status !== 'handoff') {
      throw new CliError(`only a run handed off to a person can be resumed; this one is ${status}`, 1);
    }
    if (control.nodeId && !nodes.includes(control.nodeId)) {
      throw new CliError(`the run's flow version has no node "${control.nodeId}"`, 1);
    }
  }
}

async function recordControl(
  config: AppConfig,
  prisma: PrismaClient,
  tenantId: string,
  runId: string,
  control: Control,
): Promise<{ recorded: boolean; woken: boolean }> {
  const { BullMqJobQueue, bullConnection, EngineClient, systemClock } = await import('@leadline/engine');
  // A short disconnect timeout: ioredis otherwise keeps the CLI alive 2 s after closing a refused socket.
  const queue = new BullMqJobQueue({ ...bullConnection(config.redis.url), disconnectTimeout: 100 });
  // BullMQ re-emits connection errors on the queue; unheard, an 'error' event would crash the CLI.
  queue.queue('contacts').on('error', () => undefined);
  let woken = true;
  try {
    // EngineClient gives up on Redis after WAKE_TIMEOUT_MS; the event is recorded either way.
    const engine = new EngineClient(prisma, queue, systemClock, () => {
      woken = false;
    });
    const recorded = await engine.control(tenantId, runId, control);
    return { recorded, woken };
  } finally {
    await queue.close();
  }
}

function redisHost(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || 6379}`;
}

function describe(requested: Requested, control: Control): string {
  const run = `run ${requested.runId} (flow ${requested.flowKey}, ${requested.status})`;
  const applied = requested.woken
    ? 'a worker applies it within moments'
    : 'a worker applies it on its next sweep';
  if (control.action === 'cancel') return `Cancel requested for ${run}; ${applied}.`;
  return `Resume requested for ${run}${control.nodeId ? ` at node ${control.nodeId}` : ''}; ${applied}.`;
}
