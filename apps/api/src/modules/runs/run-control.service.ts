import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { isUuid, withTenant, type PrismaClient } from '@leadline/database';
import type { FlowEngineClient } from '@leadline/engine';
import { auditActor, type Principal } from '../auth/api-key-principal';
import { InjectPrisma } from '@leadline/bootstrap';
import { InjectEngine } from '../engine/engine-client.module';
import { runNotFound } from './run-errors';

export type RunControl = { action: 'cancel'; reason?: string } | { action: 'resume'; nodeId?: string };

export interface RunControlRequested {
  runId: string;
  action: RunControl['action'];
  /** The run's status when the request was recorded; the engine applies it moments later. */
  status: string;
}

const ACTIVE = ['running', 'waiting', 'handoff'];

function nodeIds(definition: unknown): string[] {
  const nodes = (definition as { nodes?: unknown })?.nodes;
  return Array.isArray(nodes) ? nodes.map((node) => String((node as { id?: unknown })?.id)) : [];
}

/**
 * Cancel and resume are events for the engine, recorded in the contact's inbox (durable) and applied
 * in order with everything else that happens to the contact. Requests the engine would ignore (a run
 * that ended; a resume of a run no person has) or that would fail the run (an unknown node) are
 * refused here, where the caller can still be told.
 */
@Injectable()
export class RunControlService {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectEngine() private readonly engine: FlowEngineClient,
  ) {}

  async request(principal: Principal, runId: string, control: RunControl): Promise<RunControlRequested> {
    if (!isUuid(runId)) throw runNotFound(runId);
    const run = await withTenant(this.prisma, principal.tenantId, (tx) =>
      tx.flowRun.findUnique({
        where: { id: runId },
        select: { status: true, flowVersion: { select: { definition: true } } },
      }),
    );
    if (!run) throw runNotFound(runId);
    if (control.action === 'cancel' && !ACTIVE.includes(run.status)) {
      throw new ConflictException({
        code: 'RUN_ENDED',
        message: `The run has already ended (${run.status}); there is nothing to cancel.`,
      });
    }
    if (control.action === 'resume') {
      if (run.status !== 'handoff') {
        throw new ConflictException({
          code: 'RUN_NOT_IN_HANDOFF',
          message: `Only a run handed off to a person can be resumed; this one is ${run.status}.`,
        });
      }
      if (control.nodeId && !nodeIds(run.flowVersion.definition).includes(control.nodeId)) {
        throw new BadRequestException({
          code: 'UNKNOWN_NODE',
          message: `nodeId: the run's flow version has no node "${control.nodeId}".`,
        });
      }
    }
    const recorded = await this.engine.control(principal.tenantId, runId, control);
    if (!recorded) throw runNotFound(runId);
    await withTenant(this.prisma, principal.tenantId, (tx) =>
      tx.auditLog.create({
        data: {
          tenantId: principal.tenantId,
          ...auditActor(principal),
          action: `run.${control.action}_requested`,
          targetType: 'run',
          targetId: runId,
          data: { via: 'api', ...control },
        },
      }),
    );
    return { runId, action: control.action, status: run.status };
  }
}
