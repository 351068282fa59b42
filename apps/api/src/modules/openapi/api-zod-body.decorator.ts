import { ApiBody } from '@nestjs/swagger';
import { z } from 'zod';

/** Documents a body validated by a zod schema: the OpenAPI schema comes from the same zod schema. */
export function ApiZodBody(schema: z.ZodType): MethodDecorator {
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete jsonSchema.$schema;
  return ApiBody({ schema: jsonSchema });
}
