import jsonata from 'jsonata';

/** Upper bound on JSONata evaluation steps: a runaway recursive expression fails instead of hanging a worker. */
const MAX_EVALUATION_STEPS = 50_000;
const STEP_HOOK = Symbol.for('jsonata.__evaluate_entry');

export interface ExpressionContext {
  contact: Record<string, unknown>;
  vars: Record<string, unknown>;
  message: { text?: string; buttonId?: string; type?: string } | null;
  now: string;
}

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly expression: string,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

type Compiled = ReturnType<typeof jsonata>;
const cache = new Map<string, Compiled>();
const CACHE_LIMIT = 5_000;

interface JsonataError {
  message?: string;
  position?: number;
  code?: string;
}

function describeJsonataError(error: unknown): string {
  const e = error as JsonataError;
  const where = typeof e.position === 'number' ? ` (at character ${e.position})` : '';
  return `${e.message ?? String(error)}${where}`;
}

function countSteps(_expr: unknown, _input: unknown, environment: { base: Record<string, number> }): void {
  const base = environment.base;
  base.__leadlineSteps = (base.__leadlineSteps ?? 0) + 1;
  if (base.__leadlineSteps > MAX_EVALUATION_STEPS) {
    throw { code: 'LEADLINE_STEPS', message: 'the expression takes too many steps (endless recursion?)' };
  }
}

/** Compiles (and caches) an expression; throws ExpressionError with the parser's reason. */
export function compileExpression(source: string): Compiled {
  const cached = cache.get(source);
  if (cached) return cached;
  let compiled: Compiled;
  try {
    compiled = jsonata(source);
  } catch (error) {
    throw new ExpressionError(describeJsonataError(error), source);
  }
  compiled.assign(STEP_HOOK as unknown as string, countSteps);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, compiled);
  return compiled;
}

/** Parse error message of an expression, or undefined when it parses. */
export function checkExpression(source: string): string | undefined {
  if (!source.trim()) return 'the expression is empty';
  try {
    compileExpression(source);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Evaluates an expression against the run's context. The clock comes from the context, never from
 * the machine, so the same run gives the same result in the simulator, the embedded engine and Temporal.
 */
export async function evaluateExpression(source: string, context: ExpressionContext): Promise<unknown> {
  const compiled = compileExpression(source);
  const nowMs = Date.parse(context.now);
  try {
    const result = await compiled.evaluate(context, {
      now: () => context.now,
      millis: () => nowMs,
      random: () => {
        throw { message: '$random() is not available: flows must behave the same on every replay' };
      },
    });
    return normalise(result);
  } catch (error) {
    throw new ExpressionError(describeJsonataError(error), source);
  }
}

/** JSONata returns arrays tagged as "sequences"; turn results into plain JSON values. */
function normalise(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (typeof value === 'function') return undefined;
  return JSON.parse(JSON.stringify(value));
}

/** Truthiness as a marketer expects it in a condition: empty strings, 0, null, [] and {} are false. */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.some(isTruthy);
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}
