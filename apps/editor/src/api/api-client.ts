import createClient from 'openapi-fetch';
import type { TemplateOption } from '../flows/w24h-fix';
import type { paths } from './openapi.gen';

/**
 * The API's answers, typed from its OpenAPI document (apps/api/openapi.json → openapi.gen.ts, by
 * `npm run openapi`), never copied by hand: when the API changes, these change with it.
 */
type Answer<
  P extends keyof paths,
  M extends 'get' | 'post' | 'put',
  S extends number = 200,
> = paths[P][M] extends { responses: { [K in S]: { content: { 'application/json': infer T } } } } ? T : never;

export type RemoteFlowSummary = Answer<'/api/flows', 'get'>[number];
export type RemoteFlow = Answer<'/api/flows/{id}', 'get'>;
export type FlowDiff = Answer<'/api/flows/{id}/diff', 'get'>;
export type ItemDiff = FlowDiff['nodes'];
export type PublishResult = Answer<'/api/flows/{id}/publish', 'post'>;
export type VersionSummary = Answer<'/api/flows/{id}/versions', 'get'>[number];
export type FlowAnalytics = Answer<'/api/flows/{id}/analytics', 'get'>;
export type NodeAnalytics = FlowAnalytics['nodes'][number];
/** Which runs analytics count: a period in the workspace's time zone, the idle time that means "dropped". */
export type AnalyticsQuery = NonNullable<paths['/api/flows/{id}/analytics']['get']['parameters']['query']>;
/** GET /api/auth/me: who the credentials belong to and what they allow. */
export type CallerInfo = Answer<'/api/auth/me', 'get'>;

/** GET /api/flows/:id/keyword-conflicts: a live flow that already starts on some of the same keywords. */
export interface KeywordConflict {
  flowId: string;
  key: string;
  name: string;
  keywords: string[];
}

/** A custom activity from the worker's manifest, drawn in the palette as an `activity` node. */
export interface ActivityManifestEntry {
  name: string;
  label?: string;
  description?: string;
  icon?: string;
  /** JSON Schema of the node's `input`: the property panel builds the input form from it. */
  input?: Record<string, unknown>;
  /** JSON Schema of what the activity saves: the simulator answers with a sample of it. */
  output?: Record<string, unknown>;
}

export interface Session {
  /** An access token from /api/auth/login, or an API key (`ll_...`): both go in `Authorization: Bearer`. */
  token: string;
  refreshToken?: string;
  /** The person's email, or "API key ll_…". */
  who: string;
  name?: string | null;
  role?: string;
  /** The workspace's display name. */
  workspace?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: string[] = [],
    /** The API's stable error code (`DRAFT_CONFLICT`, `FLOW_EXISTS`...). */
    readonly code?: string,
  ) {
    super(message);
  }
}

type Fetch = typeof fetch;

/**
 * The editor's calls to the API; `fetch` is injected so the store can be tested without a server.
 * Access tokens live 15 minutes: on a 401 the client trades the refresh token for a new pair once
 * (POST /api/auth/refresh) and retries, so an editing session outlives one token.
 */
export class ApiClient {
  /** One refresh at a time: parallel 401s wait for the same new token. */
  private refreshing: Promise<boolean> | null = null;

  constructor(
    private readonly getSession: () => Session | null,
    private readonly fetcher: Fetch = (...args) => fetch(...args),
    private readonly onRefreshed: (session: Session) => void = () => undefined,
    private readonly base = '',
  ) {}

  /**
   * The typed client (openapi-fetch over the generated `paths`): paths, parameters, bodies and
   * answers are checked against the API's document at compile time. Its requests go through
   * `exchange`, so the token, the refresh on 401 and the injected fetch apply to them as to any call.
   */
  private readonly api = createClient<paths>({
    // openapi-fetch builds absolute Requests; the origin is dropped again in `viaExchange`.
    baseUrl: TYPED_ORIGIN,
    fetch: (input: Request) => this.viaExchange(input),
  });

  private async viaExchange(input: Request): Promise<Response> {
    const url = new URL(input.url);
    const body = input.method === 'GET' || input.method === 'HEAD' ? undefined : await input.text();
    const auth = !PUBLIC_PATHS.has(url.pathname);
    return this.exchange(input.method, `${url.pathname}${url.search}`, body || undefined, auth);
  }

  /** The typed call's answer, or its error body as an ApiError. */
  private async typed<T>(
    call: Promise<{ data?: T; error?: unknown; response: Response }>,
    what: string,
  ): Promise<T> {
    const { data, error, response } = await call;
    if (response.ok) return data as T;
    throw apiError(response.status, error, what);
  }

  async login(tenant: string, email: string, password: string): Promise<Session> {
    const body = await this.typed(
      this.api.POST('/api/auth/login', { body: { tenant, email, password } }),
      'POST /api/auth/login',
    );
    return {
      token: body.accessToken,
      refreshToken: body.refreshToken,
      who: body.user?.email ?? email,
      name: body.user?.name ?? null,
      role: body.user?.role,
      workspace: tenant,
    };
  }
  me(): Promise<CallerInfo> {
    return this.typed(this.api.GET('/api/auth/me'), 'GET /api/auth/me');
  }
  async logout(refreshToken: string): Promise<void> {
    await this.typed(this.api.POST('/api/auth/logout', { body: { refreshToken } }), 'POST /api/auth/logout');
  }

  listFlows(): Promise<RemoteFlowSummary[]> {
    return this.typed(this.api.GET('/api/flows'), 'GET /api/flows');
  }
  getFlow(id: string): Promise<RemoteFlow> {
    return this.typed(this.api.GET('/api/flows/{id}', { params: { path: { id } } }), 'GET /api/flows/{id}');
  }
  createFlow(document: unknown): Promise<RemoteFlow> {
    return this.typed(
      this.api.POST('/api/flows', { body: { document: asDocument(document) } }),
      'POST /api/flows',
    );
  }
  saveDraft(id: string, document: unknown, baseRevision?: number): Promise<RemoteFlow> {
    return this.typed(
      this.api.PUT('/api/flows/{id}/draft', {
        params: { path: { id } },
        body: { document: asDocument(document), ...(baseRevision ? { baseRevision } : {}) },
      }),
      'PUT /api/flows/{id}/draft',
    );
  }
  duplicate(id: string): Promise<RemoteFlow> {
    return this.typed(
      this.api.POST('/api/flows/{id}/duplicate', { params: { path: { id } }, body: {} }),
      'POST /api/flows/{id}/duplicate',
    );
  }
  diff(id: string, from: string | number = 'active', to: string | number = 'draft'): Promise<FlowDiff> {
    return this.typed(
      this.api.GET('/api/flows/{id}/diff', {
        params: { path: { id }, query: { from: String(from), to: String(to) } },
      }),
      'GET /api/flows/{id}/diff',
    );
  }
  versions(id: string): Promise<VersionSummary[]> {
    return this.typed(
      this.api.GET('/api/flows/{id}/versions', { params: { path: { id } } }),
      'GET /api/flows/{id}/versions',
    );
  }
  /** One published version with its definition (the publish dialog reads its old texts). */
  version(id: string, version: number): Promise<{ definition: unknown }> {
    return this.request('GET', `/api/flows/${encodeURIComponent(id)}/versions/${version}`);
  }
  keywordConflicts(id: string): Promise<KeywordConflict[]> {
    return this.request('GET', `/api/flows/${encodeURIComponent(id)}/keyword-conflicts`);
  }
  publish(id: string): Promise<PublishResult> {
    return this.typed(
      this.api.POST('/api/flows/{id}/publish', { params: { path: { id } } }),
      'POST /api/flows/{id}/publish',
    );
  }
  archive(id: string): Promise<RemoteFlow> {
    return this.typed(
      this.api.POST('/api/flows/{id}/archive', { params: { path: { id } } }),
      'POST /api/flows/{id}/archive',
    );
  }
  analytics(id: string, query: AnalyticsQuery = {}): Promise<FlowAnalytics> {
    return this.typed(
      this.api.GET('/api/flows/{id}/analytics', { params: { path: { id }, query } }),
      'GET /api/flows/{id}/analytics',
    );
  }

  /** The templates module's list when it exists, else the flows module's minimal read. */
  async templates(): Promise<TemplateOption[]> {
    try {
      const answer = await this.request<unknown>('GET', '/api/templates');
      // The templates module answers a page ({ data, nextCursor }); older shapes were plain lists.
      const page = answer as { data?: unknown[]; items?: unknown[] } | undefined;
      const rows = Array.isArray(answer) ? answer : (page?.data ?? page?.items ?? []);
      return rows.map((row) => normaliseTemplate(row as Record<string, unknown>));
    } catch (error) {
      if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 403)) throw error;
      return this.request('GET', '/api/flow-templates');
    }
  }

  /** Custom activities; an API without the manifest route answers with none. */
  async activities(): Promise<ActivityManifestEntry[]> {
    try {
      const answer = await this.request<unknown>('GET', '/api/activities');
      const rows = Array.isArray(answer)
        ? answer
        : ((answer as { activities?: unknown[] })?.activities ?? []);
      return (rows as Array<Record<string, unknown>>)
        .filter((row) => typeof row?.name === 'string')
        .map((row) => {
          const text = (key: string) => (typeof row[key] === 'string' ? (row[key] as string) : undefined);
          const schema = (key: string) =>
            row[key] && typeof row[key] === 'object' ? (row[key] as Record<string, unknown>) : undefined;
          const input = schema('input');
          const output = schema('output');
          return {
            name: row.name as string,
            label: text('title') ?? text('label'),
            description: text('description'),
            icon: text('icon'),
            ...(input ? { input } : {}),
            ...(output ? { output } : {}),
          };
        });
    } catch {
      return [];
    }
  }

  private async refresh(): Promise<boolean> {
    const session = this.getSession();
    if (!session?.refreshToken) return false;
    this.refreshing ??= this.request<{ accessToken: string; refreshToken?: string }>(
      'POST',
      '/api/auth/refresh',
      { refreshToken: session.refreshToken },
      false,
    )
      .then((answer) => {
        this.onRefreshed({ ...session, token: answer.accessToken, refreshToken: answer.refreshToken });
        return true;
      })
      .catch(() => false)
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  /** A file the API serves behind the session's token (a PDF, an export): fetched, then saved. */
  async download(path: string): Promise<Blob> {
    const send = () => {
      const token = this.getSession()?.token;
      return this.fetcher(`${this.base}${path}`, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });
    };
    let response = await send();
    if (response.status === 401 && (await this.refresh())) response = await send();
    if (!response.ok) throw new ApiError(response.status, `The download failed (HTTP ${response.status}).`);
    return response.blob();
  }

  /** Sends with the session's token; on a 401, refreshes the tokens once and sends again. */
  private async exchange(
    method: string,
    path: string,
    body: string | undefined,
    auth: boolean,
  ): Promise<Response> {
    const send = () => {
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const token = auth ? this.getSession()?.token : null;
      if (token) headers.Authorization = `Bearer ${token}`;
      return this.fetcher(`${this.base}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
      });
    };
    let response = await send();
    if (response.status === 401 && auth && (await this.refresh())) response = await send();
    return response;
  }

  /**
   * One call to the API with the session's token, for routes whose answers the document does not
   * describe yet; prefer the typed calls above.
   */
  async request<T>(method: string, path: string, body?: unknown, auth = true): Promise<T> {
    const response = await this.exchange(
      method,
      path,
      body !== undefined ? JSON.stringify(body) : undefined,
      auth,
    );
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) throw apiError(response.status, parsed, `${method} ${path}`);
    return parsed as T;
  }
}

/** Any origin will do: requests never leave through it (see ApiClient.viaExchange). */
const TYPED_ORIGIN = 'http://leadline.api';

/** Routes called without the session's token (they make or end the tokens). */
const PUBLIC_PATHS = new Set(['/api/auth/login', '/api/auth/refresh', '/api/auth/logout']);

type DraftDocument = NonNullable<
  paths['/api/flows']['post']['requestBody']
>['content']['application/json']['document'];

/** The editor's flow document as the API's schema types it (a loose object); the server validates it. */
function asDocument(document: unknown): DraftDocument {
  return document as DraftDocument;
}

/** The API's error body (`{ error: { code, message, details } }`) as an ApiError. */
function apiError(status: number, body: unknown, what: string): ApiError {
  const error = (body as { error?: { code?: string; message?: string; details?: string[] } } | undefined)
    ?.error;
  return new ApiError(
    status,
    error?.message ?? `${what} failed with HTTP ${status}`,
    error?.details ?? [],
    error?.code,
  );
}

function bodyOf(row: Record<string, unknown>): string {
  if (typeof row.body === 'string') return row.body;
  const components = Array.isArray(row.components) ? (row.components as Array<Record<string, unknown>>) : [];
  const body = components.find((component) => String(component.type).toUpperCase() === 'BODY');
  return typeof body?.text === 'string' ? body.text : '';
}

function normaliseTemplate(row: Record<string, unknown>): TemplateOption {
  const body = bodyOf(row);
  const params =
    typeof row.bodyParams === 'number'
      ? row.bodyParams
      : Math.max(0, ...[...body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((match) => Number(match[1])));
  return {
    name: String(row.name ?? ''),
    language: String(row.language ?? 'en'),
    status: typeof row.status === 'string' ? row.status.toLowerCase() : undefined,
    category: typeof row.category === 'string' ? row.category : undefined,
    bodyParams: params,
    body,
  };
}
