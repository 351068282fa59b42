import { z } from 'zod';
import { durationSchema, parseDuration } from '../../flow/duration';
import { defineNode } from '../node-definition';
import { variableNameSchema } from '../shared/interactive.schema';
import { callAndWait, goError } from '../shared/activity-step';
import { templateStrings } from '../shared/template-strings';
import { sharedPort } from '../shared/port-words';

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
  ports: () => [sharedPort('ok'), sharedPort('error', { kind: 'error' })],
  expressions: (data) => [
    ...templateStrings(data.url, 'url'),
    ...templateStrings(data.headers ?? {}, 'headers'),
    ...templateStrings(data.body, 'body'),
  ],
  summary: (data) => ({ text: `${data.method} ${data.url}` }),
  runtime: {
    async enter(ctx, node, data) {
      // Secrets stay as `{{secrets.NAME}}` in the request the run records, and the request lists
      // where the author wrote them; the engine fills them in there when it sends the request, so
      // they never enter run state, history or logs, and text from a contact cannot ask for one.
      const url = await ctx.interpolateWithSecretSlots(node.id, data.url, ['url']);
      const headers = await ctx.interpolateWithSecretSlots(node.id, data.headers ?? {}, ['headers']);
      const body =
        data.body === undefined
          ? undefined
          : await ctx.interpolateWithSecretSlots(node.id, data.body, ['body']);
      const secrets = [...url.slots, ...headers.slots, ...(body?.slots ?? [])];
      return callAndWait(ctx, node, {
        kind: 'http',
        method: data.method,
        url: url.value as string,
        headers: headers.value as Record<string, string>,
        ...(body === undefined ? {} : { body: body.value }),
        timeoutMs: data.timeout ? (parseDuration(data.timeout) ?? DEFAULT_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS,
        ...(secrets.length ? { secrets } : {}),
      });
    },
    async onActivityResult(ctx, node, data, result) {
      if (!result.ok) return goError(ctx, node, result.error);
      if (data.save) ctx.state.vars[data.save] = result.output ?? null;
      return { kind: 'go', port: 'ok' };
    },
  },
});
