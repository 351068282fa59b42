import { z } from 'zod';
import { durationSchema, parseDuration } from '../../flow/duration';
import { defineNode } from '../node-definition';
import { variableNameSchema } from '../shared/interactive.schema';
import { callAndWait, goError } from '../shared/activity-step';
import { templateStrings } from '../shared/template-strings';
import { SECRET_REFERENCE } from '../../expressions/interpolate';

// Secrets stay as `{{secrets.NAME}}` in the request the run records; the engine fills them in when
// it sends the request, so they never enter run state, history or logs.
const keepSecrets = { preserve: (expression: string) => SECRET_REFERENCE.test(expression) };

const DEFAULT_TIMEOUT_MS = 10_000;

export const httpDataSchema = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
  save: variableNameSchema.optional(),
  timeout: durationSchema.optional(),
  label: z.string().optional(),
});

export const httpNode = defineNode({
  type: 'http',
  version: 1,
  label: 'HTTP request',
  description: 'Calls a web API (secrets by name, never stored in the flow) and saves the response.',
  icon: '🌐',
  category: 'integration',
  dataSchema: httpDataSchema,
  defaults: {
    method: 'POST',
    url: 'https://example.com/leads',
    body: { phone: '{{contact.phone}}' },
    save: 'response',
  },
  ports: () => [
    { id: 'ok', label: 'ok' },
    { id: 'error', label: 'error', kind: 'error' },
  ],
  expressions: (data) => [
    ...templateStrings(data.url, 'url'),
    ...templateStrings(data.headers ?? {}, 'headers'),
    ...templateStrings(data.body, 'body'),
  ],
  runtime: {
    async enter(ctx, node, data) {
      const headers = (await ctx.interpolateDeep(node.id, data.headers ?? {}, keepSecrets)) as Record<
        string,
        string
      >;
      return callAndWait(ctx, node, {
        kind: 'http',
        method: data.method,
        url: await ctx.interpolate(node.id, data.url, keepSecrets),
        headers,
        ...(data.body === undefined
          ? {}
          : { body: await ctx.interpolateDeep(node.id, data.body, keepSecrets) }),
        timeoutMs: data.timeout ? (parseDuration(data.timeout) ?? DEFAULT_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS,
      });
    },
    async onActivityResult(ctx, node, data, result) {
      if (!result.ok) return goError(ctx, node, result.error);
      if (data.save) ctx.state.vars[data.save] = result.output ?? null;
      return { kind: 'go', port: 'ok' };
    },
  },
});
