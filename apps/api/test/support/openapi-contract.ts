import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Document = { paths: Record<string, Record<string, OperationDoc>> };
type OperationDoc = {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** `/api/flows/{id}/versions/{version}` → a RegExp that matches real paths. */
function templatePattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
  return new RegExp(`^${escaped.replace(/\{[^}]+\}/g, '[^/]+')}$`);
}

/** Every operation of the document: method, path and what it declares. */
export function operations(document: Document): Array<{ method: string; path: string; op: OperationDoc }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ method, path, op: item[method] })),
  );
}

/** True when the operation documents a 2xx answer with a schema (or a 204 without a body). */
export function hasSuccessSchema(op: OperationDoc): boolean {
  return Object.entries(op.responses ?? {}).some(
    ([status, response]) =>
      status.startsWith('2') &&
      (status === '204' || Object.values(response.content ?? {}).some((media) => Boolean(media.schema))),
  );
}

/**
 * Checks real answers against the OpenAPI document: the path is matched to its template, and the
 * body validated (ajv) against the schema the document gives for that method and status. A status
 * the document does not list for the operation is a failure too.
 */
export class ContractChecker {
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();
  private readonly templates: Array<{ template: string; pattern: RegExp }>;
  readonly checked: string[] = [];

  constructor(private readonly document: Document) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema(document as object, 'openapi');
    // Literal paths first: /api/flows/templates must not be taken for /api/flows/{id}.
    this.templates = Object.keys(document.paths)
      .sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))
      .map((template) => ({ template, pattern: templatePattern(template) }));
  }

  /** Problems with one answer; empty when it matches the document. */
  check(method: string, url: string, status: number, body: unknown): string[] {
    const path = url.split('?')[0];
    const found = this.templates.find(({ pattern }) => pattern.test(path));
    if (!found) return [`${method} ${path}: no such path in the document`];
    const m = method.toLowerCase();
    const op = this.document.paths[found.template][m];
    if (!op) return [`${method} ${found.template}: no such operation in the document`];
    const response = op.responses?.[String(status)];
    if (!response) return [`${method} ${found.template}: status ${status} is not documented`];
    this.checked.push(`${method.toUpperCase()} ${found.template} ${status}`);
    // Text, files and streams: the status and content type were documented, there is no JSON to check.
    if (response.content && !response.content['application/json']) return [];
    if (!response.content?.['application/json']?.schema) {
      return body === undefined ||
        body === '' ||
        (typeof body === 'object' && !Object.keys(body ?? {}).length)
        ? []
        : [`${method} ${found.template} ${status}: a body came back but none is documented`];
    }
    const pointer = `openapi#/paths/${found.template.replace(/~/g, '~0').replace(/\//g, '~1')}/${m}/responses/${status}/content/application~1json/schema`;
    let validate = this.cache.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: pointer });
      this.cache.set(pointer, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) => `${method} ${found.template} ${status}: ${error.instancePath || '(body)'} ${error.message}`,
    );
  }
}
