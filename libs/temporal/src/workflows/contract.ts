// The contract between the Temporal contact workflow, its activities and its clients. Types and
// names only: it is imported by workflow code (sandboxed), the worker and the API alike.
import type {
  ActivityRequest,
  Flow,
  InboundMessage,
  RunState,
  Transition,
  TriggerKind,
} from '@leadline/flow-core';

export const CONTACT_WORKFLOW = 'contactWorkflow';
export const CONTACT_EVENT_SIGNAL = 'contactEvent';

/** One workflow per contact: the id says whose conversation it is, so signal-with-start finds it. */
export function contactWorkflowId(tenantId: string, contactId: string): string {
  return `contact-${tenantId}-${contactId}`;
}

/** A row of the contact's inbox (contact_events) handed to the workflow; `id` makes redelivery harmless. */
export interface ContactEventSignal {
  id: string;
  kind: 'inbound' | 'status' | 'lead' | 'control';
  payload: Record<string, unknown>;
  occurredAt: string;
}

/** A run the workflow holds: its core state and the pinned flow version it runs. */
export interface RunSlot {
  runId: string;
  flowId: string;
  flowVersionId: string;
  channelId: string | null;
  state: RunState;
}

export interface ContactMachineState {
  tenantId: string;
  contactId: string;
  runs: RunSlot[];
  /** Parsed flow versions by id; a run pins its version, and versions never change. */
  flows: Record<string, Flow>;
  /** Ids of the latest inbox events handled, so a signal delivered twice is applied once. */
  seen: string[];
  lastInboundAt?: string;
}

export interface ContactWorkflowInput {
  tenantId: string;
  contactId: string;
  /** State carried over by continue-as-new. */
  carried?: ContactMachineState;
  /** History length after which the workflow continues as new even if the server has not suggested it. */
  maxHistoryEvents?: number;
}

/** A flow to start for the contact, with the pinned version's definition. */
export interface RunStart {
  flowId: string;
  flowVersionId: string;
  version: number;
  flow: Flow;
  trigger: TriggerKind;
  channelId: string;
  contact: {
    phone: string;
    name?: string;
    fields: Record<string, unknown>;
    tags: string[];
    lastInboundAt?: string;
  };
}

/** An active run recorded in PostgreSQL that this workflow does not hold yet (e.g. started by the embedded engine). */
export interface AdoptedRun {
  runId: string;
  flowId: string;
  flowVersionId: string;
  channelId: string | null;
  state: RunState;
  flow: Flow;
}

export interface RouteInboundInput {
  tenantId: string;
  contactId: string;
  channelId: string;
  message: InboundMessage;
  /** Runs the workflow holds; any other active run of the contact is returned for adoption. */
  heldRunIds: string[];
}

export interface ResolveLeadInput {
  tenantId: string;
  contactId: string;
  flowKey: string;
  channelId: string;
  heldRunIds: string[];
}

export interface AdoptRunsInput {
  tenantId: string;
  contactId: string;
  heldRunIds: string[];
}

/** What routing found: runs to take over first, then the flow to start (if still needed). */
export interface RouteResult {
  adopt: AdoptedRun[];
  start: RunStart | null;
}

export interface ApplyTransitionInput {
  tenantId: string;
  contactId: string;
  runId: string;
  flowId: string;
  flowVersionId: string;
  channelId: string | null;
  /** The run's first transition: its row and conversation are created with it. */
  start: boolean;
  /** Timers and activity calls are left out: the workflow carries those out itself. */
  transition: Transition;
}

export interface RunActivityInput {
  tenantId: string;
  contactId: string;
  runId: string;
  requestId: string;
  nodeId: string;
  request: ActivityRequest;
}

export type ActivityOutcome =
  { ok: true; output: unknown } | { ok: false; error: { code: string; message: string } };

/** The activities the contact workflow calls; implemented in the worker with its dependencies. */
export interface ContactActivities {
  /** Which published flow an inbound message starts (none, or the contact opted out: null). */
  routeInbound(input: RouteInboundInput): Promise<RouteResult>;
  /** The flow an API lead starts (null: unknown, unpublished or not an API-triggered flow). */
  resolveLead(input: ResolveLeadInput): Promise<RouteResult>;
  /** The contact's active runs recorded in PostgreSQL that the workflow does not hold (engine switch). */
  adoptRuns(input: AdoptRunsInput): Promise<AdoptedRun[]>;
  /** Records a transition (run row, trace, messages, contact updates) and sends its messages. */
  applyTransition(input: ApplyTransitionInput): Promise<void>;
  /** Runs an AI, document, HTTP or custom step. */
  runActivity(input: RunActivityInput): Promise<ActivityOutcome>;
}

/**
 * Error types an activity throws for failures that retrying cannot fix. Refusals of a message (an
 * unapproved template, an opted-out contact, a closed window) are not errors: as in the embedded
 * engine they are recorded on the message and reach the run as a "send.failed" event.
 */
export const NON_RETRYABLE = {
  invalidFlow: 'InvalidFlowVersion',
  missingCredentials: 'MissingCredentials',
} as const;
