import type { FlowNode } from '../../flow/flow.types';
import type { ActivityRequest } from '../../runtime/effects';
import type { StepContext } from '../../runtime/step-context';
import type { ActivityResult, Outcome } from '../node-definition';

/** Asks the engine to run an activity and waits for its result. */
export function callAndWait(ctx: StepContext, node: FlowNode, request: ActivityRequest): Outcome {
  const requestId = ctx.callActivity(node.id, request);
  return { kind: 'wait', wait: { kind: 'activity', nodeId: node.id, requestId } };
}

/** The result belongs to the request this node waits for; anything else is stale. */
export function isAwaitedResult(ctx: StepContext): boolean {
  return ctx.state.wait?.kind === 'activity';
}

/** Leaves by `error`, remembering why, so a missing error edge fails the run with this code. */
export function goError(
  ctx: StepContext,
  node: FlowNode,
  error: { code: string; message: string; attempts?: number },
): Outcome {
  return {
    kind: 'go',
    port: 'error',
    error: {
      code: error.code,
      message: error.message,
      nodeId: node.id,
      ...(error.attempts === undefined ? {} : { attempts: error.attempts }),
    },
  };
}

export function failedResult(result: ActivityResult): result is Extract<ActivityResult, { ok: false }> {
  return !result.ok;
}
