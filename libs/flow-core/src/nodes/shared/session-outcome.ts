import type { SessionSendResult, StepContext } from '../../runtime/step-context';
import type { Outcome } from '../node-definition';

/** Where a sending node goes after the 24-hour rule decided what became of its message. */
export function outcomeOfSessionSend(
  ctx: StepContext,
  nodeId: string,
  result: SessionSendResult,
  port: string,
): Outcome {
  switch (result) {
    case 'sent':
    case 'template':
      return { kind: 'go', port };
    case 'window_closed':
      return { kind: 'go', port: 'window_closed' };
    case 'fail':
      return { kind: 'fail', error: ctx.windowClosedError(nodeId) };
  }
}
