// The contract between the Temporal contact workflow, its activities and its clients. Types and
// names only: it is imported by workflow code (sandboxed), the worker and the API alike.
//
// Design (docs/engines.md, "Temporal"): the workflow is the contact's durable mailbox and timer
// scheduler, nothing more. Every transition is computed and recorded by the `processContact`
// activity with the embedded engine's own ContactProcessor (routing, flow-core's step(), persistence,
// the 5-strike poison rule), so what a contact was sent is an activity *result* in the history and
// is never recomputed on replay: a change to flow-core, its dependencies or a flow cannot change or
// wedge a running conversation. The workflow only decides *when* to call which activity.

export const CONTACT_WORKFLOW = 'contactWorkflow';
/** Tells the workflow the contact's inbox or outbox has new rows (PostgreSQL holds the rows). */
export const CONTACT_WAKE_SIGNAL = 'contactWake';
/** Returns the workflow's view of the contact (ContactWorkflowStatus). */
export const CONTACT_STATE_QUERY = 'contactState';

/**
 * Version of the workflow's decision logic, carried in its input and its state query. A change to
 * the order or kind of activities the workflow schedules is a new version: see docs/engines.md for
 * how to ship one (patched(), then the replay gate's golden histories).
 */
export const WORKFLOW_LOGIC_VERSION = 2;

/** One workflow per contact: the id says whose conversation it is, so signal-with-start finds it. */
export function contactWorkflowId(tenantId: string, contactId: string): string {
  return `contact-${tenantId}-${contactId}`;
}

/** What a wake says; informational only (the rows are read from PostgreSQL, in order). */
export interface ContactWake {
  reason: 'inbox' | 'outbox' | 'sweep';
}

export interface ContactWorkflowInput {
  tenantId: string;
  contactId: string;
  /** Set by continue-as-new; a fresh start has none. */
  logicVersion?: number;
  /** History length after which the workflow continues as new even if the server has not suggested it. */
  maxHistoryEvents?: number;
}

/** A send batch from the outbox (one transition's messages, or a person's reply), in outbox order. */
export interface SendBatch {
  outboxId: string;
  channelId: string;
  messageIds: string[];
}

/** An AI, document, HTTP or custom step waiting to run (its outbox row). */
export interface StepCall {
  outboxId: string;
  runId: string;
  requestId: string;
  nodeId: string;
  request: { kind: string; [key: string]: unknown };
}

/** What `processContact` did and what it left for the workflow to carry out. */
export interface ProcessResult {
  /** Inbox events applied (or set aside after MAX_EVENT_ATTEMPTS). */
  applied: number;
  /** More events were pending than one call applies: call again. */
  more: boolean;
  sends: SendBatch[];
  steps: StepCall[];
  /** The earliest pending timer of the contact's runs (ISO), if any. */
  nextDueAt: string | null;
  /** The contact has a run still going (running, waiting, handoff). */
  active: boolean;
}

export interface ContactRef {
  tenantId: string;
  contactId: string;
}

export interface SendBatchInput extends ContactRef {
  batch: SendBatch;
}

export interface RunStepInput extends ContactRef {
  call: StepCall;
}

/** The activities the contact workflow calls; implemented in the worker with its dependencies. */
export interface ContactActivities {
  /** Applies the contact's pending inbox events (the embedded processor) and lists its pending effects. */
  processContact(input: ContactRef): Promise<ProcessResult>;
  /** Sends one batch in order; after SEND_ATTEMPTS it fails the messages and tells the run. */
  sendBatch(input: SendBatchInput): Promise<void>;
  /** Runs an AI, document, HTTP or custom step and puts its result in the contact's inbox. */
  runStep(input: RunStepInput): Promise<void>;
  /** Puts the contact's due timers in its inbox (once each); returns how many. */
  fireTimers(input: ContactRef): Promise<number>;
}

/** The state query's answer: what an operator needs to see why a contact waits. */
export interface ContactWorkflowStatus {
  tenantId: string;
  contactId: string;
  logicVersion: number;
  nextDueAt: string | null;
  active: boolean;
  stepsInFlight: string[];
  wakesPending: boolean;
  lastProcessedAt: string | null;
}

/** Search attributes the workflow is started with, so an operator finds a contact's workflow. */
export const SEARCH_ATTRIBUTES = {
  tenant: 'LeadlineTenantId',
  contact: 'LeadlineContactId',
} as const;

/**
 * The send budget: attempts of a send before its messages are failed and the run told, the same as
 * the embedded engine's send job (libs/engine bullmq-job-queue.ts, ENGINE_JOB_ATTEMPTS.send).
 */
export const SEND_ATTEMPTS = 50;
/** Attempts of an AI/HTTP/custom step (the embedded engine's activities queue; MAX_ACTIVITY_ATTEMPTS is 8). */
export const STEP_ATTEMPTS = 8;

/**
 * Error types an activity throws for failures that retrying cannot fix. Refusals of a message (an
 * unapproved template, an opted-out contact, a closed window) are not errors: as in the embedded
 * engine they are recorded on the message and reach the run as a "send.failed" event.
 */
export const NON_RETRYABLE = {
  missingCredentials: 'MissingCredentials',
  contactErased: 'ContactErased',
} as const;
