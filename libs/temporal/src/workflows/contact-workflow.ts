import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineSignal,
  log,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { ContactMachine, initialMachineState, type MachinePorts } from './contact-machine';
import {
  CONTACT_EVENT_SIGNAL,
  NON_RETRYABLE,
  type ContactActivities,
  type ContactEventSignal,
  type ContactWorkflowInput,
} from './contract';

export const contactEvent = defineSignal<[ContactEventSignal]>(CONTACT_EVENT_SIGNAL);

/** Continue as new at this history length even if the server has not suggested it yet (it does at 4,096). */
export const DEFAULT_MAX_HISTORY_EVENTS = 2_000;

// Reads of the database: retried while PostgreSQL is away; a flow version that does not validate is final.
// Local activities: they run in the worker that runs the workflow task and record one marker event
// instead of an activity's three plus a workflow task, which keeps a conversation's first step (routing,
// then the run's first transition) within the cost of any other step.
const routing = proxyLocalActivities<Pick<ContactActivities, 'routeInbound' | 'resolveLead' | 'adoptRuns'>>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [NON_RETRYABLE.invalidFlow],
  },
});

// Recording and sending must not be given up on for an outage; only permanent refusals end it.
const recording = proxyActivities<Pick<ContactActivities, 'applyTransition'>>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: [NON_RETRYABLE.missingCredentials, NON_RETRYABLE.invalidFlow],
  },
});

// AI, documents, HTTP and custom steps: a few attempts, then the node's error port. A custom
// activity declares up to 8 attempts (MAX_ACTIVITY_ATTEMPTS) and ends on its error port itself on
// its last one, so Temporal must allow at least that many.
const steps = proxyActivities<Pick<ContactActivities, 'runActivity'>>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 8 },
});

const ports: MachinePorts = {
  newRunId: () => uuid4(),
  now: () => new Date().toISOString(),
  routeInbound: (input) =>
    routing.routeInbound(input).catch((error: unknown) => {
      log.error('could not route an inbound message; it starts no run', { error: String(error) });
      return { adopt: [], start: null };
    }),
  resolveLead: (input) =>
    routing.resolveLead(input).catch((error: unknown) => {
      log.error('could not resolve a lead; it starts no run', { error: String(error) });
      return { adopt: [], start: null };
    }),
  adoptRuns: (input) =>
    routing.adoptRuns(input).catch((error: unknown) => {
      log.error('could not load the contact runs', { error: String(error) });
      return [];
    }),
  applyTransition: (input) =>
    recording.applyTransition(input).catch((error: unknown) => {
      log.error('a transition could not be carried out', { runId: input.runId, error: String(error) });
    }),
  runActivity: (input) => steps.runActivity(input),
};

/**
 * One contact's conversation: its inbox events arrive as signals and are handled one at a time by
 * the contact machine (the pure core plus routing); timers are Temporal timers (a condition with a
 * timeout). It ends when no run is active and nothing is pending, and continues as new, carrying
 * its state, before its history grows large.
 */
export async function contactWorkflow(input: ContactWorkflowInput): Promise<void> {
  const inbox: ContactEventSignal[] = [];
  setHandler(contactEvent, (event) => {
    inbox.push(event);
  });
  const machine = new ContactMachine(
    input.carried ?? initialMachineState(input.tenantId, input.contactId),
    ports,
  );
  const bound = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  for (;;) {
    if (!inbox.length) {
      if (!machine.hasActiveRuns()) return;
      const info = workflowInfo();
      if (info.continueAsNewSuggested || info.historyLength >= bound) {
        await condition(allHandlersFinished);
        return continueAsNew<typeof contactWorkflow>({ ...input, carried: machine.state });
      }
      const due = machine.nextDueAt();
      if (due === undefined) {
        await condition(() => inbox.length > 0);
      } else {
        const wait = Date.parse(due) - Date.now();
        if (wait > 0) await condition(() => inbox.length > 0, wait);
      }
    }
    const event = inbox.shift();
    if (event) await machine.handle(event);
    else await machine.fireDue();
  }
}
