import type { TemplateOption } from '../flows/w24h-fix';

/** What the API says about a flow (apps/api/src/modules/flows). */
export interface RemoteFlowSummary {
  id: string;
  key: string;
  name: string;
  activeVersion: number | null;
  archived: boolean;
  updatedAt: string;
  /** The draft's revision: a save names the one it was based on (409 DRAFT_CONFLICT if stale). */
  revision?: number;
}

export interface RemoteFlow extends RemoteFlowSummary {
  draft: unknown;
  active: { id: string; version: number; publishedAt: string; definition: unknown } | null;
  unpublishedChanges: boolean;
}

export interface ItemDiff {
  added: string[];
  removed: string[];
  changed: Array<{ id: string; fields: string[] }>;
}

export interface FlowDiff {
  nodes: ItemDiff;
  edges: ItemDiff;
  flow: string[];
  same: boolean;
}

/** GET /api/flows/:id/keyword-conflicts: a live flow that already starts on some of the same keywords. */
export interface KeywordConflict {
  flowId: string;
  key: string;
  name: string;
  keywords: string[];
}

export interface PublishResult {
  version: number;
  created: boolean;
}

export interface VersionSummary {
  id: string;
  version: number;
  publishedAt: string;
  active: boolean;
}

export interface NodeAnalytics {
  nodeId: string;
  reached: number;
  ports: Record<string, number>;
  dropOff: number;
  dropOffRate: number;
}

export interface FlowAnalytics {
  version: number;
  runs: number;
  nodes: NodeAnalytics[];
}

/** A custom activity from the worker's manifest, drawn in the palette as an `activity` node. */
export interface ActivityManifestEntry {
  name: string;
  label?: string;
  description?: string;
  icon?: string;
  /** JSON Schema of the node's `input`: the property panel builds the input form from it. */
  input?: Record<string, unknown>;
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

/** GET /api/auth/me: who the credentials belong to and what they allow. */
export interface CallerInfo {
  kind: 'user' | 'api_key';
  role?: 'owner' | 'admin' | 'editor' | 'agent' | 'viewer';
  permissions: string[];
  userId?: string;
  workspace?: { slug: string; name: string };
  user?: { name: string | null; email: string };
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

  async login(tenant: string, email: string, password: string): Promise<Session> {
    const body = await this.request<{
      accessToken: string;
      refreshToken?: string;
      user?: { email?: string; name?: string | null; role?: string };
    }>('POST', '/api/auth/login', { tenant, email, password }, false);
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
    return this.request('GET', '/api/auth/me');
  }
  async logout(refreshToken: string): Promise<void> {
    await this.request('POST', '/api/auth/logout', { refreshToken }, false);
  }

  listFlows(): Promise<RemoteFlowSummary[]> {
    return this.request('GET', '/api/flows');
  }
  getFlow(id: string): Promise<RemoteFlow> {
    return this.request('GET', `/api/flows/${encodeURIComponent(id)}`);
  }
  createFlow(document: unknown): Promise<RemoteFlow> {
    return this.request('POST', '/api/flows', { document });
  }
  saveDraft(id: string, document: unknown, baseRevision?: number): Promise<RemoteFlow> {
    return this.request('PUT', `/api/flows/${encodeURIComponent(id)}/draft`, {
      document,
      ...(baseRevision ? { baseRevision } : {}),
    });
  }
  duplicate(id: string): Promise<RemoteFlow> {
    return this.request('POST', `/api/flows/${encodeURIComponent(id)}/duplicate`, {});
  }
  diff(id: string, from: string | number = 'active', to: string | number = 'draft'): Promise<FlowDiff> {
    return this.request('GET', `/api/flows/${encodeURIComponent(id)}/diff?from=${from}&to=${to}`);
  }
  versions(id: string): Promise<VersionSummary[]> {
    return this.request('GET', `/api/flows/${encodeURIComponent(id)}/versions`);
  }
  keywordConflicts(id: string): Promise<KeywordConflict[]> {
    return this.request('GET', `/api/flows/${encodeURIComponent(id)}/keyword-conflicts`);
  }
  publish(id: string): Promise<PublishResult> {
    return this.request('POST', `/api/flows/${encodeURIComponent(id)}/publish`);
  }
  archive(id: string): Promise<RemoteFlow> {
    return this.request('POST', `/api/flows/${encodeURIComponent(id)}/archive`);
  }
  analytics(id: string): Promise<FlowAnalytics> {
    return this.request('GET', `/api/flows/${encodeURIComponent(id)}/analytics`);
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
          const input =
            row.input && typeof row.input === 'object' ? (row.input as Record<string, unknown>) : undefined;
          return {
            name: row.name as string,
            label: text('title') ?? text('label'),
            description: text('description'),
            icon: text('icon'),
            ...(input ? { input } : {}),
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

  /** One call to the API with the session's token; features build their typed calls on it. */
  async request<T>(method: string, path: string, body?: unknown, auth = true): Promise<T> {
    const send = () => {
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const token = auth ? this.getSession()?.token : null;
      if (token) headers.Authorization = `Bearer ${token}`;
      return this.fetcher(`${this.base}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    };
    let response = await send();
    if (response.status === 401 && auth && (await this.refresh())) response = await send();
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = (
        parsed as { error?: { code?: string; message?: string; details?: string[] } } | undefined
      )?.error;
      throw new ApiError(
        response.status,
        error?.message ?? `${method} ${path} failed with HTTP ${response.status}`,
        error?.details ?? [],
        error?.code,
      );
    }
    return parsed as T;
  }
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
