import type { OpenAPIObject } from '@nestjs/swagger';
import { zodComponents } from './api-zod-response.decorator';

type Operation = {
  security?: unknown[];
  parameters?: Array<{ in?: string }>;
  requestBody?: unknown;
  responses: Record<string, { description?: string; content?: unknown }>;
};

/** `{ error: { code, message, requestId, details? } }`: every error of this API (errors/error-body.ts). */
const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: { type: 'string', description: 'Stable machine-readable code, e.g. NOT_FOUND' },
        message: { type: 'string' },
        requestId: { type: 'string' },
        details: { type: 'array', items: { type: 'string' } },
      },
    },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/**
 * Adds the error responses every operation of a kind has, where the operation did not document its
 * own: 401/403 for authenticated ones, 400 for those that take input, 404 for those that name a
 * resource, 500 for all. Operation-specific codes are documented beside the route
 * (@ApiErrors).
 */
export function addCommonErrors(document: OpenAPIObject): OpenAPIObject {
  document.components = document.components ?? {};
  document.components.schemas = {
    ...(document.components.schemas ?? {}),
    ...zodComponents(),
    Error: ERROR_SCHEMA,
  };
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const add = (status: string, description: string) => {
        operation.responses[status] ??= errorResponse(description);
      };
      const params = operation.parameters ?? [];
      if (operation.requestBody || params.some((p) => p.in === 'query' || p.in === 'header'))
        add('400', 'The input is not valid. error.code: VALIDATION_FAILED (details lists each problem)');
      if (operation.security?.length) {
        add('401', 'No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED');
        add('403', 'The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD');
      }
      if (params.some((p) => p.in === 'path')) add('404', 'No such resource here. error.code: NOT_FOUND');
      add('500', 'Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR');
    }
  }
  return document;
}
