import { ApiBody } from '@nestjs/swagger';
import type { z } from 'zod';
import { zodJsonSchema } from './api-zod-response.decorator';

/** Documents a body validated by a zod schema: the OpenAPI schema comes from the same zod schema. */
export function ApiZodBody(schema: z.ZodType): MethodDecorator {
  return ApiBody({ schema: zodJsonSchema(schema, 'input') });
}
