import jsonata from 'jsonata';
import { compilePattern, PatternError, Re2RegexEngine } from '../patterns/pattern';

/*
 * The budget of one expression evaluation. Every worker serves many workspaces, so a flow's
 * expression must not hold a worker for long or fill its memory: past any of these limits the
 * evaluation stops with EXPRESSION_LIMIT (the node's error port, or the run fails).
 *
 * The budget counts work, not time. A wall-clock limit (JSONata's own `timeout` option) would make
 * the same run succeed on a quiet machine and fail on a busy one, and a Temporal replay could take a
 * different path than the original run; the core must decide the same way everywhere. Evaluation
 * steps, nesting depth, sequence lengths and characters produced are properties of the expression
 * and its data alone, and bound the time and memory an evaluation can take: no single step is slow
 * (regular expressions run on RE2, in linear time; ranges and sequences are capped; `$pad` and
 * `$replace`, the functions whose one call can multiply its input, are checked before they build).
 */
/** Evaluation steps: a runaway recursive expression or a long loop fails instead of hanging a worker. */
export const MAX_EVALUATION_STEPS = 20_000;
/** Nesting depth of the evaluation (recursion without end would otherwise end in a stack overflow). */
export const MAX_EVALUATION_DEPTH = 500;
/** Items in any one sequence or range (`[1..100000]`, `$sort` over it, a path over a big list). */
export const MAX_SEQUENCE_ITEMS = 10_000;
/** Characters and list items all the steps of one evaluation may produce together. */
export const MAX_PRODUCED_SIZE = 5_000_000;
const STEP_HOOK = Symbol.for('jsonata.__evaluate_entry');
const EXIT_HOOK = Symbol.for('jsonata.__evaluate_exit');
/** JSONata's own codes for its stack and sequence guards. */
const JSONATA_LIMIT_CODES = new Set(['D1011', 'D2014', 'D2015']);
const LIMIT_CODE = 'LEADLINE_LIMIT';

export interface ExpressionContext {
  contact: Record<string, unknown>;
  vars: Record<string, unknown>;
  message: { text?: string; buttonId?: string; type?: string } | null;
  /** Why the run last left a step by its `error` port ({ code, message, attempts, step }), or null. */
  error?: { code: string; message: string; attempts: number | null; step: string | null } | null;
  now: string;
}

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly expression: string,
    /** EXPRESSION_ERROR (wrong for this data), EXPRESSION_LIMIT (over the budget), PATTERN (a regex RE2 refuses). */
    readonly code: 'EXPRESSION_ERROR' | 'EXPRESSION_LIMIT' | 'PATTERN' = 'EXPRESSION_ERROR',
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

interface Budget {
  __leadlineSteps?: number;
  __leadlineSize?: number;
}

function limit(message: string): never {
  throw { code: LIMIT_CODE, message };
}

function countSteps(_expr: unknown, _input: unknown, environment: { base: Budget }): void {
  const base = environment.base;
  base.__leadlineSteps = (base.__leadlineSteps ?? 0) + 1;
  if (base.__leadlineSteps > MAX_EVALUATION_STEPS) {
    limit(`the expression takes more than ${MAX_EVALUATION_STEPS} steps (endless recursion?)`);
  }
}

function countSize(_expr: unknown, _input: unknown, environment: { base: Budget }, result: unknown): void {
  const size = typeof result === 'string' || Array.isArray(result) ? result.length : 0;
  if (size === 0) return;
  const base = environment.base;
  base.__leadlineSize = (base.__leadlineSize ?? 0) + size;
  if (base.__leadlineSize > MAX_PRODUCED_SIZE) {
    limit(`the expression produces more than ${MAX_PRODUCED_SIZE} characters and items`);
  }
}

/** JSONata's `$pad`, refusing widths that would allocate past the budget in one call. */
function boundedPad(text: string | undefined, width: number, fill?: string): string | undefined {
  if (text === undefined) return undefined;
  const char = fill === undefined || fill.length === 0 ? ' ' : fill;
  const target = Math.trunc(width);
  if (Math.abs(target) > MAX_PRODUCED_SIZE) limit(`$pad to ${Math.abs(target)} characters is too long`);
  const padLength = Math.abs(target) - Array.from(text).length;
  if (padLength <= 0) return text;
  const padding = Array.from(char.repeat(Math.ceil(padLength / Array.from(char).length)))
    .slice(0, padLength)
    .join('');
  return target > 0 ? text + padding : padding + text;
}

type Matcher = (text: string, from?: number) => RegexMatch | undefined | Promise<RegexMatch | undefined>;
interface RegexMatch {
  match: string;
  start: number;
  end: number;
  groups: string[];
  next: () => RegexMatch | undefined | Promise<RegexMatch | undefined>;
}
type NativeFunction = { implementation: (...args: unknown[]) => Promise<unknown> };

/** JSONata's own `$replace`, which the bounded one below calls once the size is known to fit. */
let nativeReplace: Promise<NativeFunction> | undefined;
function jsonataReplace(): Promise<NativeFunction> {
  nativeReplace ??= jsonata('$replace').evaluate({}) as Promise<NativeFunction>;
  return nativeReplace;
}

function replaceTooLong(): never {
  limit(`$replace would produce more than ${MAX_PRODUCED_SIZE} characters`);
}

/** Calls `onMatch` with each match as JSONata's `$replace` walks them (no second pass over the text). */
function meteredMatcher(matcher: Matcher, onMatch: (match: RegexMatch) => void): Matcher {
  const meter = async (found: RegexMatch | undefined | Promise<RegexMatch | undefined>) => {
    const match = await found;
    if (!match) return match;
    onMatch(match);
    const next = match.next;
    return { ...match, next: () => meter(next()) };
  };
  return (text, from) => meter(matcher(text, from));
}

/**
 * JSONata's `$replace`, refusing before it builds a string past the budget. One call multiplies:
 * every match of the pattern becomes the replacement (with `$0`, `$1`… standing for what matched),
 * so a 200,000-character text and a 2,500-character replacement ask for 500 million characters in a
 * single step, which the per-step count would only see after building them (seconds of a worker,
 * hundreds of megabytes). The size is counted as the matches are found and the call stops at the
 * first match past the budget. A function replacement's results are counted as its steps run.
 */
async function boundedReplace(
  this: unknown,
  text: string | undefined,
  pattern: string | Matcher,
  replacement: string | unknown,
  most?: number,
): Promise<unknown> {
  const native = await jsonataReplace();
  if (typeof text !== 'string' || typeof replacement !== 'string' || pattern === '' || (most ?? 1) < 0) {
    return native.implementation.call(this, text, pattern, replacement, most);
  }
  let size = text.length;
  let count = 0;
  const withinCount = () => most === undefined || count < most;
  if (typeof pattern === 'string') {
    // JSONata puts a string pattern's replacement in as it is (no $ references).
    for (
      let at = text.indexOf(pattern);
      at !== -1 && withinCount();
      at = text.indexOf(pattern, at + pattern.length)
    ) {
      count += 1;
      size += replacement.length - pattern.length;
      if (size > MAX_PRODUCED_SIZE) replaceTooLong();
    }
    return native.implementation.call(this, text, pattern, replacement, most);
  }
  // Each `$` may stand for (part of) the match: at most the match's length each.
  const references = replacement.split('$').length - 1;
  const metered = meteredMatcher(pattern, (match) => {
    size += replacement.length + references * match.match.length - match.match.length;
    if (size > MAX_PRODUCED_SIZE) replaceTooLong();
  });
  return native.implementation.call(this, text, metered, replacement, most);
}

/** Every regex literal of a parsed expression (JSONata stores them as RegExp values in its tree). */
function regexLiterals(node: unknown, seen = new Set<unknown>(), found: RegExp[] = []): RegExp[] {
  if (!node || typeof node !== 'object' || seen.has(node)) return found;
  seen.add(node);
  if (node instanceof RegExp) found.push(node);
  else for (const value of Object.values(node)) regexLiterals(value, seen, found);
  return found;
}

/** Compiles (and caches) an expression; throws ExpressionError with the parser's reason. */
export function compileExpression(source: string): Compiled {
  const cached = cache.get(source);
  if (cached) return cached;
  let compiled: Compiled;
  try {
    compiled = jsonata(source, {
      // JSONata constructs the engine with the literal's RegExp; ours runs it on RE2.
      RegexEngine: Re2RegexEngine as unknown as RegExpConstructor,
      stack: MAX_EVALUATION_DEPTH,
      sequence: MAX_SEQUENCE_ITEMS,
    });
  } catch (error) {
    throw new ExpressionError(describeJsonataError(error), source);
  }
  for (const regexp of regexLiterals(compiled.ast())) {
    try {
      compilePattern(regexp.source, { ignoreCase: regexp.flags.includes('i') });
    } catch (error) {
      throw new ExpressionError((error as PatternError).message, source, 'PATTERN');
    }
  }
  compiled.assign(STEP_HOOK as unknown as string, countSteps);
  compiled.assign(EXIT_HOOK as unknown as string, countSize);
  compiled.registerFunction('pad', boundedPad, '<s-ns?:s>');
  compiled.registerFunction('replace', boundedReplace, '<s-(sf)(sf)n?:s>');
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, compiled);
  return compiled;
}

/** Parse error message of an expression, or undefined when it parses. */
export function checkExpression(source: string): string | undefined {
  return expressionProblem(source)?.message;
}

/** Why an expression cannot run — `EXPRESSION` (does not parse) or `PATTERN` (a regex RE2 refuses). */
export function expressionProblem(
  source: string,
): { code: 'EXPRESSION' | 'PATTERN'; message: string } | undefined {
  if (!source.trim()) return { code: 'EXPRESSION', message: 'the expression is empty' };
  try {
    compileExpression(source);
    return undefined;
  } catch (error) {
    const code = error instanceof ExpressionError && error.code === 'PATTERN' ? 'PATTERN' : 'EXPRESSION';
    return { code, message: (error as Error).message };
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
    const code = (error as JsonataError).code ?? '';
    // A RangeError is V8 refusing a string or stack that big: over the budget too.
    const overBudget = code === LIMIT_CODE || JSONATA_LIMIT_CODES.has(code) || error instanceof RangeError;
    throw new ExpressionError(
      describeJsonataError(error),
      source,
      overBudget ? 'EXPRESSION_LIMIT' : 'EXPRESSION_ERROR',
    );
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
