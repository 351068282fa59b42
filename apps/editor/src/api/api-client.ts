import createClient, {
  type Client,
  type ClientPathsWithMethod,
  type FetchResponse,
  type MaybeOptionalInit,
} from 'openapi-fetch';
import type { TemplateOption } from '../flows/w24h-fix';
import type { paths } from './openapi.gen';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * The API's answers, typed from its OpenAPI document (apps/api/openapi.json → openapi.gen.ts, by
 * `npm run openapi`), never copied by hand: when the API changes, these change with it.
 * `Answer<'/api/contacts/{id}', 'get'>` is what that call answers (its 200, 201 or 202).
 */
export type Answer<
  P extends keyof paths,
  M extends Method,
  S extends number = 200 | 201 | 202,
> = paths[P][M] extends {
  responses: infer R;
}
  ? {
      [K in keyof R & S]: R[K] extends { content: { 'application/json': infer T } } ? T : never;
    }[keyof R & S]
  : never;

/** The JSON body a call takes (`Body<'/api/users', 'post'>`). */
export type Body<P extends keyof paths, M extends Method> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer T } };
}
  ? T
  : never;

/** The query parameters a call takes. */
export type Query<P extends keyof paths, M extends Method> = paths[P][M] extends {
  parameters: { query?: infer Q };
}
  ? NonNullable<Q>
  : never;

type Typed = Client<paths, 'application/json'>;

/**
 * One typed call that answers with the response body, or throws an ApiError: the path must be in the
 * document, and its parameters and body must match it (openapi-fetch's own signature).
 */
export type TypedCall<M extends Method> = <
  P extends ClientPathsWithMethod<Typed, M>,
  I extends MaybeOptionalInit<paths[P], M>,
>(
  url: P,
  ...init: object extends I ? [I?] : [I]
) => Promise<
  Exclude<
    FetchResponse<paths[P][M] & Record<string | number, unknown>, I, 'application/json'>['data'],
    undefined
  >
>;

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
export type KeywordConflict = Answer<'/api/flows/{id}/keyword-conflicts', 'get'>[number];

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

  /**
   * The typed calls every feature makes (`api.get('/api/contacts/{id}', { params: { path: { id } } })`):
   * each answers with the typed body or throws an ApiError carrying the API's code and plain-words
   * message.
   */
  readonly get: TypedCall<'get'> = (url, ...init) =>
    this.typed(this.api.GET(url as never, ...(init as [never]))) as never;
  readonly post: TypedCall<'post'> = (url, ...init) =>
    this.typed(this.api.POST(url as never, ...(init as [never]))) as never;
  readonly put: TypedCall<'put'> = (url, ...init) =>
    this.typed(this.api.PUT(url as never, ...(init as [never]))) as never;
  readonly patch: TypedCall<'patch'> = (url, ...init) =>
    this.typed(this.api.PATCH(url as never, ...(init as [never]))) as never;
  readonly delete: TypedCall<'delete'> = (url, ...init) =>
    this.typed(this.api.DELETE(url as never, ...(init as [never]))) as never;

  private async viaExchange(input: Request): Promise<Response> {
    const url = new URL(input.url);
    const body = input.method === 'GET' || input.method === 'HEAD' ? undefined : await input.text();
    const auth = !PUBLIC_PATHS.has(url.pathname);
    return this.exchange(input.method, `${url.pathname}${url.search}`, body || undefined, auth);
  }

  /** The typed call's answer, or its error body as an ApiError. */
  private async typed<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
    const { data, error, response } = await call;
    if (response.ok) return data as T;
    throw apiError(response.status, error);
  }

  async login(tenant: string, email: string, password: string): Promise<Session> {
    const body = await this.typed(this.api.POST('/api/auth/login', { body: { tenant, email, password } }));
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
    return this.typed(this.api.GET('/api/auth/me'));
  }
  async logout(refreshToken: string): Promise<void> {
    await this.typed(this.api.POST('/api/auth/logout', { body: { refreshToken } }));
  }

  listFlows(): Promise<RemoteFlowSummary[]> {
    return this.typed(this.api.GET('/api/flows'));
  }
  getFlow(id: string): Promise<RemoteFlow> {
    return this.typed(this.api.GET('/api/flows/{id}', { params: { path: { id } } }));
  }
  createFlow(document: unknown): Promise<RemoteFlow> {
    return this.typed(this.api.POST('/api/flows', { body: { document: asDocument(document) } }));
  }
  saveDraft(id: string, document: unknown, baseRevision?: number): Promise<RemoteFlow> {
    return this.typed(
      this.api.PUT('/api/flows/{id}/draft', {
        params: { path: { id } },
        body: { document: asDocument(document), ...(baseRevision ? { baseRevision } : {}) },
      }),
    );
  }
  duplicate(id: string): Promise<RemoteFlow> {
    return this.typed(this.api.POST('/api/flows/{id}/duplicate', { params: { path: { id } }, body: {} }));
  }
  diff(id: string, from: string | number = 'active', to: string | number = 'draft'): Promise<FlowDiff> {
    return this.typed(
      this.api.GET('/api/flows/{id}/diff', {
        params: { path: { id }, query: { from: String(from), to: String(to) } },
      }),
    );
  }
  versions(id: string): Promise<VersionSummary[]> {
    return this.typed(this.api.GET('/api/flows/{id}/versions', { params: { path: { id } } }));
  }
  /** One published version with its definition (the publish dialog reads its old texts). */
  version(id: string, version: number): Promise<{ definition: unknown }> {
    return this.get('/api/flows/{id}/versions/{version}', {
      params: { path: { id, version } },
    });
  }
  keywordConflicts(id: string): Promise<KeywordConflict[]> {
    return this.get('/api/flows/{id}/keyword-conflicts', { params: { path: { id } } });
  }
  publish(id: string): Promise<PublishResult> {
    return this.typed(this.api.POST('/api/flows/{id}/publish', { params: { path: { id } } }));
  }
  archive(id: string): Promise<RemoteFlow> {
    return this.typed(this.api.POST('/api/flows/{id}/archive', { params: { path: { id } } }));
  }
  analytics(id: string, query: AnalyticsQuery = {}): Promise<FlowAnalytics> {
    return this.typed(this.api.GET('/api/flows/{id}/analytics', { params: { path: { id }, query } }));
  }

  /** The templates module's list when it exists, else the flows module's minimal read. */
  async templates(): Promise<TemplateOption[]> {
    try {
      const page = await this.get('/api/templates');
      return page.data.map((row) => normaliseTemplate(row));
    } catch (error) {
      // A key without templates:read still sees the flows module's minimal list.
      if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 403)) throw error;
      return this.get('/api/flow-templates');
    }
  }

  /** Custom activities; an API without the manifest route answers with none. */
  async activities(): Promise<ActivityManifestEntry[]> {
    try {
      const { activities } = await this.get('/api/activities');
      return activities.map((row) => ({
        name: row.name,
        label: row.title || undefined,
        description: row.description || undefined,
        input: row.input,
        output: row.output,
      }));
    } catch {
      return [];
    }
  }

  private async refresh(): Promise<boolean> {
    const session = this.getSession();
    if (!session?.refreshToken) return false;
    this.refreshing ??= this.post('/api/auth/refresh', { body: { refreshToken: session.refreshToken } })
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
function apiError(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string; details?: string[] } } | undefined)
    ?.error;
  return new ApiError(
    status,
    // A body without the API's error shape (a proxy's page): still words a person can read.
    error?.message ?? `The server could not do that (HTTP ${status}).`,
    error?.details ?? [],
    error?.code,
  );
}

type TemplateRow = Answer<'/api/templates', 'get'>['data'][number];

function bodyOf(row: TemplateRow): string {
  const components = Array.isArray(row.components) ? (row.components as Array<Record<string, unknown>>) : [];
  const body = components.find((component) => String(component.type).toUpperCase() === 'BODY');
  return typeof body?.text === 'string' ? body.text : '';
}

function normaliseTemplate(row: TemplateRow): TemplateOption {
  const body = bodyOf(row);
  return {
    name: row.name,
    language: row.language,
    status: row.status,
    category: row.category,
    bodyParams: Math.max(0, ...[...body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((match) => Number(match[1]))),
    body,
  };
}
