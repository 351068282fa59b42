import type { WhatsAppProvider } from '@leadline/whatsapp';
import type { ActivityRequest } from '@leadline/flow-core';

/** The jobs the embedded engine puts on its queues; BullMQ in production, an in-memory queue in tests. */
export type EngineJob =
  | {
      queue: 'contacts';
      id: string;
      data: { tenantId: string; contactId: string };
      /** While a job added with this key waits or runs, another one with the same key is not added. */
      onceWhileQueued?: string;
      /**
       * While a job added with this key waits (no worker has taken it), another one with the same key
       * is not added: the waiting one will read everything committed before it starts. While it is
       * active, the newest such add is kept and enqueued when that job finishes (so an event
       * appended during its drain still gets a job). See wake.ts.
       */
      onceWhileWaiting?: string;
    }
  | {
      /**
       * A wake of several contacts in ONE job (an ingest batch's, wake.ts wakeContactList): the
       * contacts worker applies each contact's pending events as a job of its own would. No
       * deduplication key: BullMQ keys a job, not each contact it names (wake.ts says why that is safe).
       */
      queue: 'contacts';
      id: string;
      data: { contacts: Array<{ tenantId: string; contactId: string }>; tenantId?: never; contactId?: never };
      onceWhileQueued?: never;
      onceWhileWaiting?: never;
    }
  | { queue: 'send'; id: string; data: { tenantId: string; channelId: string; messageIds: string[] } }
  | { queue: 'activities'; id: string; data: ActivityJob };

export interface ActivityJob {
  tenantId: string;
  contactId: string;
  runId: string;
  requestId: string;
  nodeId: string;
  request: ActivityRequest;
}

export interface JobQueue {
  /** Adds a job; a job whose id is already queued is not added twice. */
  add(job: EngineJob): Promise<void>;
  /** Adds several jobs in one round trip (same semantics per job as add). */
  addBulk(jobs: readonly EngineJob[]): Promise<void>;
  /**
   * When the oldest job waiting in the queue became ready to run (ms since the epoch; undefined when
   * none waits): how far behind the queue's workers are.
   */
  oldestWaitingSince(queue: 'contacts'): Promise<number | undefined>;
}

/** Builds the provider for a channel (decrypting its credentials); cached by the caller as it likes. */
export type ProviderFactory = (channel: {
  id: string;
  provider: 'meta' | 'twilio' | 'sandbox';
  phoneNumberId: string;
  wabaId: string | null;
  encryptedCredentials: Uint8Array | null;
}) => WhatsAppProvider;

export type ActivityOutcome =
  { ok: true; output: unknown } | { ok: false; error: { code: string; message: string; attempts?: number } };

/**
 * A failure says how many attempts it took (the trace and `{{error.attempts}}` show it); a handler
 * that did not count them failed on this attempt.
 */
export function withAttempts(outcome: ActivityOutcome, attempt: number): ActivityOutcome {
  if (outcome.ok || outcome.error.attempts !== undefined) return outcome;
  return { ok: false, error: { ...outcome.error, attempts: attempt } };
}

/**
 * Runs one kind of activity (AI, document, HTTP, custom). Throwing means "retry later". `attempt` is
 * 1 on the first run of a job and counts its retries (a job taken over after a crash keeps its
 * number), so a handler can make its last attempt's failure final.
 */
export type ActivityHandler = (job: ActivityJob, attempt?: number) => Promise<ActivityOutcome>;

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** BullMQ job ids may not contain ":"; effect ids do. */
export function jobId(...parts: string[]): string {
  return parts.join('.').replace(/:/g, '_');
}
