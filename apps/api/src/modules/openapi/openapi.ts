import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { addCommonErrors } from './openapi-errors';

export const OPENAPI_UI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';

/** The OpenAPI document of every controller, built from their decorators. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Leadline API')
    .setDescription(
      'REST API of Leadline. Authenticate with `Authorization: Bearer <API key>` (server to server) or ' +
        '`Bearer <access token>` from POST /api/auth/login. Errors are `{ error: { code, message, requestId, details? } }`; ' +
        'lists are `{ data, nextCursor }` (pass nextCursor back as ?cursor=).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key (ll_...) or access token' })
    .build();
  return addCommonErrors(SwaggerModule.createDocument(app, config));
}

/** Serves the document at /api/docs (Swagger UI) and /api/docs-json. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_UI_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: 'api/docs-yaml',
  });
}
