import { RE2JS } from 're2js';

/**
 * Regular expressions that come from flows — keyword triggers, a question's `pattern`, regex
 * literals in JSONata (`$match`, `$contains`, `$replace`, `$split`) — run on RE2 (re2js, pure
 * JavaScript, no Node built-ins, so it also runs in the browser and in Temporal's workflow sandbox).
 * RE2 matches in time linear in the text whatever the pattern: `^(a+)+$` against a contact's
 * "aaaa…b" is as quick as any other pattern, where JavaScript's backtracking engine would freeze the
 * shared worker for seconds per message. The price is RE2's syntax: no backreferences (`\1`) and no
 * lookaround (`(?=`, `(?<=`); the validator reports such patterns as `PATTERN`.
 */
export class PatternError extends Error {
  constructor(
    message: string,
    readonly pattern: string,
  ) {
    super(message);
    this.name = 'PatternError';
  }
}

export interface PatternOptions {
  ignoreCase?: boolean;
  multiline?: boolean;
}

const cache = new Map<string, RE2JS>();
const CACHE_LIMIT = 2_000;

/** Compiles (and caches) a pattern with RE2 semantics; throws PatternError naming what RE2 refused. */
export function compilePattern(source: string, options: PatternOptions = {}): RE2JS {
  const flags = (options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) | (options.multiline ? RE2JS.MULTILINE : 0);
  const key = `${flags}:${source}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source, flags);
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, '');
    throw new PatternError(`the pattern "${source}" is not supported: ${reason}`, source);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/** Why a pattern cannot be used, or undefined when it can. */
export function patternProblem(source: string, options: PatternOptions = {}): string | undefined {
  try {
    compilePattern(source, options);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Whether the pattern matches somewhere in the text (linear time). */
export function patternFinds(source: string, text: string, options: PatternOptions = {}): boolean {
  return compilePattern(source, options).matcher(text).find();
}

/**
 * JSONata's regex engine (its `RegexEngine` option): JSONata parses a regex literal into a JavaScript
 * RegExp — compiling one is harmless, running it is not — and calls `new RegexEngine(regexp)`, then
 * `exec` with `lastIndex` as a global RegExp would. This class answers the same way from RE2.
 */
export class Re2RegexEngine {
  lastIndex = 0;
  private readonly pattern: RE2JS;

  constructor(regexp: RegExp) {
    this.pattern = compilePattern(regexp.source, {
      ignoreCase: regexp.flags.includes('i'),
      multiline: regexp.flags.includes('m'),
    });
  }

  exec(text: string): (Array<string | undefined> & { index: number; input: string }) | null {
    const matcher = this.pattern.matcher(text);
    if (this.lastIndex > text.length || !matcher.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const groups: Array<string | undefined> = [];
    for (let group = 0; group <= matcher.groupCount(); group += 1)
      groups.push(matcher.group(group) ?? undefined);
    this.lastIndex = matcher.end();
    return Object.assign(groups, { index: matcher.start(), input: text });
  }
}
