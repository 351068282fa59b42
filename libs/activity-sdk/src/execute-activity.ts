import type { ActivityContext } from './activity-context';
import { isActivityFailure } from './activity-failure';
import type { ActivityDefinition } from './define-activity';
import { describeIssues } from './input-problems';

/** Everything of the context except the abort signal, which the execution owns. */
export type ExecutionContext = Omit<ActivityContext, 'signal'> & {
  /** Aborts the run early too (a worker shutting down); the timeout is added to it. */
  signal?: AbortSignal;
};

export type Execution =
  | { ok: true; output: unknown }
  | {
      ok: false;
      code: 'ACTIVITY_INPUT_INVALID' | 'ACTIVITY_OUTPUT_INVALID' | 'ACTIVITY_TIMEOUT' | string;
      message: string;
      /** Whether another attempt could succeed (thrown errors and timeouts, not bad input). */
      retryable: boolean;
      cause?: unknown;
    };

class TimedOut {}

/**
 * One attempt of an activity: input checked against its schema, `run` bounded by its timeout (its
 * signal fires then), output checked after. Never throws: the caller decides what to retry.
 */
export async function executeActivity(
  definition: ActivityDefinition,
  input: unknown,
  context: ExecutionContext,
): Promise<Execution> {
  const parsed = await definition.input.safeParseAsync(input);
  if (!parsed.success) {
    return {
      ok: false,
      code: 'ACTIVITY_INPUT_INVALID',
      message: `The input of "${definition.name}" is not valid: ${describeIssues(parsed.error.issues)}`,
      retryable: false,
    };
  }

  const controller = new AbortController();
  const signal = context.signal ? AbortSignal.any([controller.signal, context.signal]) : controller.signal;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<TimedOut>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`"${definition.name}" timed out after ${definition.timeoutMs} ms`));
      resolve(new TimedOut());
    }, definition.timeoutMs);
  });
  let result: unknown;
  try {
    result = await Promise.race([
      Promise.resolve().then(() => definition.run(parsed.data, { ...context, signal })),
      timedOut,
    ]);
  } catch (error) {
    if (isActivityFailure(error))
      return { ok: false, code: error.code, message: error.message, retryable: false };
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      code: 'ACTIVITY_FAILED',
      message: `"${definition.name}" failed: ${reason}`,
      retryable: true,
      cause: error,
    };
  } finally {
    clearTimeout(timer);
  }
  if (result instanceof TimedOut) {
    return {
      ok: false,
      code: 'ACTIVITY_TIMEOUT',
      message: `"${definition.name}" did not finish within ${formatMs(definition.timeoutMs)}.`,
      retryable: true,
    };
  }

  const output = await definition.output.safeParseAsync(result);
  if (!output.success) {
    return {
      ok: false,
      code: 'ACTIVITY_OUTPUT_INVALID',
      message: `"${definition.name}" returned an output that does not match its schema: ${describeIssues(output.error.issues)}`,
      retryable: false,
    };
  }
  return { ok: true, output: output.data };
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
