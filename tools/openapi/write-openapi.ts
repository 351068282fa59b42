import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import ts from 'typescript';
import { buildDocument, documentJson, OPENAPI_JSON, OPENAPI_TYPES } from './openapi-document';

/** The web app's types of the document (openapi-typescript), formatted as committed. */
async function documentTypes(document: OpenAPIObject, file: string): Promise<string> {
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], {
    // A JSON value (zod's z.json(): any of string, number, boolean, null, array or object of itself)
    // would be a self-referencing alias TypeScript refuses; the web app reads it as unknown.
    transform: (schema) =>
      isJsonValue(schema) ? ts.factory.createKeywordTypeNode(ts.SyntaxKind.UnknownKeyword) : undefined,
  });
  const text =
    '// Generated from apps/api/openapi.json by `npm run openapi` (tools/openapi). Do not edit.\n' +
    astToString(ast);
  return format(text, { ...(await resolveConfig(file)), filepath: file });
}

function isJsonValue(schema: unknown): boolean {
  const anyOf = (schema as { anyOf?: Array<{ type?: string }> }).anyOf;
  if (!Array.isArray(anyOf)) return false;
  const types = new Set(anyOf.map((option) => option.type));
  return ['string', 'number', 'boolean', 'null', 'array', 'object'].every((type) => types.has(type));
}

/**
 * `npm run openapi` writes the API's document and the web app's types generated from it;
 * `--check` (run by apps/api/test/openapi-contract.e2e-spec.ts) fails when a committed one is stale.
 */
async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  const document = await buildDocument();
  const files = [
    { path: OPENAPI_JSON, text: documentJson(document) },
    { path: OPENAPI_TYPES, text: await documentTypes(document, join(root, OPENAPI_TYPES)) },
  ];
  if (process.argv.includes('--check')) {
    const stale = files.filter(({ path, text }) => {
      try {
        return readFileSync(join(root, path), 'utf8') !== text;
      } catch {
        return true;
      }
    });
    if (stale.length) {
      console.error(`out of date: ${stale.map(({ path }) => path).join(', ')}; run \`npm run openapi\``);
      process.exit(1);
    }
    console.log('the OpenAPI document and its types are up to date');
    process.exit(0);
  }
  for (const { path, text } of files) writeFileSync(join(root, path), text);
  console.log(`wrote ${files.map(({ path }) => path).join(' and ')}`);
  process.exit(0);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
