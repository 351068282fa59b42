import type { Logger } from 'pino';

/** What a custom activity may use while it runs. Everything else it needs comes through its input. */
export interface ActivityContext {
  /** A pino child logger tagged with the activity, tenant, run and node. Never log secrets. */
  logger: Logger;
  /** The workspace running the flow, with its settings (the `tenants.settings` JSON). */
  tenant: { id: string; settings: Readonly<Record<string, unknown>> };
  /** Only the workspace secrets this activity declared; a secret the workspace has not set is absent. */
  secrets: Readonly<Record<string, string | undefined>>;
  /** Fired when the declared timeout passes (or the worker shuts down): stop and let go. */
  signal: AbortSignal;
  /**
   * The same for every attempt of one call, different for every other call: send it to APIs that
   * deduplicate (an `Idempotency-Key` header) so a retry never books twice.
   */
  idempotencyKey: string;
  /** 1 on the first try, then 2, 3... up to the declared `retry.attempts`. */
  attempt: number;
  /**
   * `fetch` with the server's outbound rules: private and loopback addresses refused (unless the
   * server allows them), redirects re-checked, responses size-capped. Pass `signal` along.
   */
  fetch: (url: string | URL, init?: ActivityFetchInit) => Promise<Response>;
  /** Where the call comes from, for logs and correlation. */
  run: { id: string; nodeId: string; contactId: string };
}

/** What `ctx.fetch` takes: the common part of fetch's options (bodies are buffered). */
export interface ActivityFetchInit {
  method?: string;
  headers?: HeadersInit;
  body?: string | Uint8Array | null;
  signal?: AbortSignal | null;
}
