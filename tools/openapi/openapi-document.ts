import { loadConfig } from '@leadline/config';
import type { OpenAPIObject } from '@nestjs/swagger';
import { createApiApp } from '../../apps/api/src/api-app.factory';
import { buildOpenApiDocument } from '../../apps/api/src/modules/openapi/openapi';

export const OPENAPI_JSON = 'apps/api/openapi.json';
export const OPENAPI_TYPES = 'apps/editor/src/api/openapi.gen.ts';

/**
 * The API's OpenAPI document, built from the controllers' decorators by an app that is created but
 * never listens (nor touches PostgreSQL or Redis before a request needs them).
 */
export async function buildDocument(): Promise<OpenAPIObject> {
  const app = await createApiApp(
    loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PORT: '0',
      DATABASE_URL: 'postgresql://openapi@127.0.0.1:1/none',
      REDIS_URL: 'redis://127.0.0.1:1',
    }),
  );
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close().catch(() => undefined);
  }
}

export function documentJson(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
