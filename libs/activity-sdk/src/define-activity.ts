import { parseDuration } from '@leadline/flow-core';
import type { z } from 'zod';
import type { ActivityContext } from './activity-context';

/** Marks what defineActivity made, so a loaded module's other exports are told apart from activities. */
const ACTIVITY = Symbol.for('leadline.activity');

/** The `name` a flow's activity node refers to (the same rule as the flow format's activity node). */
export const ACTIVITY_NAME = /^[a-z][a-z0-9_.-]{0,63}$/;
/** A host name, an IP address or a CIDR range (no scheme, port or path), as in HTTP_PRIVATE_ALLOWLIST. */
const PRIVATE_HOST = /^[A-Za-z0-9._:-]+(\/\d{1,3})?$/;

/** Workspace secret names, as `{{secrets.NAME}}` allows them. */
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** The activities queue gives a job 8 tries; an activity may not ask for more. */
export const MAX_ACTIVITY_ATTEMPTS = 8;
export const MAX_ACTIVITY_TIMEOUT_MS = 15 * 60_000;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRY = { attempts: 3, backoffMs: 2_000 };

/** Milliseconds, or a duration such as "30s", "2m". */
export type DurationLike = number | string;

export interface ActivitySpec<Input extends z.ZodType, Output extends z.ZodType> {
  /** What flows use in the activity node's `name`: lowercase letters, digits, ".", "_", "-". */
  name: string;
  /** The palette label in the editor. */
  title: string;
  /** One sentence for the editor: what it does and what it saves. */
  description: string;
  /** Checked before `run`; the editor builds the node's form from it. */
  input: Input;
  /** Checked after `run`; what the node saves in its `save` variable. */
  output: Output;
  /** Per attempt (default 30 s, at most 15 m). */
  timeout?: DurationLike;
  /** Tries in all, first included (default 3, at most 8), and the pause between them (default 2 s). */
  retry?: { attempts?: number; backoff?: DurationLike };
  /** Names of the workspace secrets `run` may read through `ctx.secrets`. */
  secrets?: readonly string[];
  /**
   * Private hosts, addresses or CIDR ranges this activity's `ctx.fetch` may reach besides
   * HTTP_PRIVATE_ALLOWLIST (e.g. `['crm.lan', '10.1.0.0/16']`): an opt-in for trusted code the
   * operator deploys, which opens nothing to HTTP steps or other activities. Cloud metadata and
   * link-local addresses stay refused whatever is listed.
   */
  privateHosts?: readonly string[];
  run(input: z.output<Input>, ctx: ActivityContext): Promise<z.input<Output>> | z.input<Output>;
}

export interface ActivityDefinition<
  Input extends z.ZodType = z.ZodType,
  Output extends z.ZodType = z.ZodType,
> {
  readonly [ACTIVITY]: true;
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly input: Input;
  readonly output: Output;
  readonly timeoutMs: number;
  readonly retry: { readonly attempts: number; readonly backoffMs: number };
  readonly secrets: readonly string[];
  readonly privateHosts: readonly string[];
  readonly run: ActivitySpec<Input, Output>['run'];
}

export class ActivityDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActivityDefinitionError';
  }
}

function milliseconds(what: string, value: DurationLike, min: number, max: number): number {
  const ms = typeof value === 'number' ? value : parseDuration(value);
  if (ms === undefined || !Number.isFinite(ms) || ms < min || ms > max) {
    throw new ActivityDefinitionError(
      `${what} must be a duration between ${min} ms and ${max} ms (a number of ms or like "30s"), got ${JSON.stringify(value)}`,
    );
  }
  return Math.round(ms);
}

/** Declares a custom activity; the worker runs it and the editor shows it from its schemas. */
export function defineActivity<Input extends z.ZodType, Output extends z.ZodType>(
  spec: ActivitySpec<Input, Output>,
): ActivityDefinition<Input, Output> {
  const where = `activity "${String(spec.name)}"`;
  if (typeof spec.name !== 'string' || !ACTIVITY_NAME.test(spec.name)) {
    throw new ActivityDefinitionError(
      `${where}: name must be lowercase letters, digits, ".", "_" or "-", starting with a letter (at most 64)`,
    );
  }
  for (const field of ['title', 'description'] as const) {
    if (typeof spec[field] !== 'string' || !spec[field].trim())
      throw new ActivityDefinitionError(`${where}: ${field} is required`);
  }
  for (const field of ['input', 'output'] as const) {
    const schema = spec[field] as { safeParse?: unknown } | undefined;
    if (!schema || typeof schema.safeParse !== 'function')
      throw new ActivityDefinitionError(`${where}: ${field} must be a zod schema`);
  }
  if (typeof spec.run !== 'function') throw new ActivityDefinitionError(`${where}: run must be a function`);
  const attempts = spec.retry?.attempts ?? DEFAULT_RETRY.attempts;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > MAX_ACTIVITY_ATTEMPTS) {
    throw new ActivityDefinitionError(
      `${where}: retry.attempts must be a whole number from 1 to ${MAX_ACTIVITY_ATTEMPTS}, got ${JSON.stringify(attempts)}`,
    );
  }
  const secrets = [...(spec.secrets ?? [])];
  const badSecret = secrets.find((name) => typeof name !== 'string' || !SECRET_NAME.test(name));
  if (badSecret !== undefined) {
    throw new ActivityDefinitionError(
      `${where}: secret name ${JSON.stringify(badSecret)} is not valid (letters, digits and "_", not starting with a digit)`,
    );
  }
  const privateHosts = [...(spec.privateHosts ?? [])];
  const badHost = privateHosts.find((host) => typeof host !== 'string' || !PRIVATE_HOST.test(host));
  if (badHost !== undefined) {
    throw new ActivityDefinitionError(
      `${where}: privateHosts entry ${JSON.stringify(badHost)} is not a host name, IP address or CIDR range`,
    );
  }
  return Object.freeze({
    [ACTIVITY]: true as const,
    name: spec.name,
    title: spec.title.trim(),
    description: spec.description.trim(),
    input: spec.input,
    output: spec.output,
    timeoutMs: milliseconds(
      `${where}: timeout`,
      spec.timeout ?? DEFAULT_TIMEOUT_MS,
      1,
      MAX_ACTIVITY_TIMEOUT_MS,
    ),
    retry: Object.freeze({
      attempts,
      backoffMs: milliseconds(
        `${where}: retry.backoff`,
        spec.retry?.backoff ?? DEFAULT_RETRY.backoffMs,
        0,
        300_000,
      ),
    }),
    secrets: Object.freeze(secrets),
    privateHosts: Object.freeze(privateHosts),
    run: spec.run,
  });
}

export function isActivityDefinition(value: unknown): value is ActivityDefinition {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[ACTIVITY] === true;
}
