import { ApiResponse } from '@nestjs/swagger';

/**
 * Documents an operation's own error codes (beyond the ones every operation of its kind has, which
 * the document adds by itself: see openapi-errors.ts). `codes` are the stable `error.code` values.
 */
export function ApiErrors(status: number, codes: string[], description?: string): MethodDecorator {
  return ApiResponse({
    status,
    description: `${description ? `${description} ` : ''}error.code: ${codes.join(', ')}`,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
}
