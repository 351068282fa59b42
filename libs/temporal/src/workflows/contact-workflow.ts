import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  CONTACT_STATE_QUERY,
  CONTACT_WAKE_SIGNAL,
  NON_RETRYABLE,
  SEND_ATTEMPTS,
  STEP_ATTEMPTS,
  WORKFLOW_LOGIC_VERSION,
  type ContactActivities,
  type ContactWake,
  type ContactWorkflowInput,
  type ContactWorkflowStatus,
  type ProcessResult,
  type StepCall,
} from './contract';

export const contactWake = defineSignal<[ContactWake?]>(CONTACT_WAKE_SIGNAL);
export const contactState = defineQuery<ContactWorkflowStatus>(CONTACT_STATE_QUERY);

/** Continue as new at this history length even if the server has not suggested it yet (it does at 4,096). */
export const DEFAULT_MAX_HISTORY_EVENTS = 2_000;

// Applying the inbox and firing timers: an outage of PostgreSQL is waited out with capped backoff
// (the processor itself sets a failing event aside after 5 strikes, so one bad event cannot hold
// the contact); a contact that was erased ends the workflow.
const inbox = proxyActivities<Pick<ContactActivities, 'processContact' | 'fireTimers'>>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: [NON_RETRYABLE.contactErased],
  },
});

// Sends: the embedded engine's budget. On its last attempt the activity fails the messages and
// puts a "status" event in the inbox, so the run gets send.failed exactly as on the embedded engine.
const sending = proxyActivities<Pick<ContactActivities, 'sendBatch'>>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '5 minutes',
    maximumAttempts: SEND_ATTEMPTS,
    nonRetryableErrorTypes: [NON_RETRYABLE.contactErased],
  },
});

// AI, documents, HTTP and custom steps: they run beside the mailbox (a slow AI call does not hold
// the contact's other events) and answer the run through its inbox; the last attempt answers the
// node's error port itself.
const steps = proxyActivities<Pick<ContactActivities, 'runStep'>>({
  startToCloseTimeout: '5 minutes',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '1 minute',
    maximumAttempts: STEP_ATTEMPTS,
    nonRetryableErrorTypes: [NON_RETRYABLE.contactErased],
  },
});

function erased(error: unknown): boolean {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof ApplicationFailure && cause.type === NON_RETRYABLE.contactErased;
}

/**
 * One contact's mailbox and timer scheduler. A wake signal (new inbox or outbox rows in PostgreSQL)
 * makes it call processContact, which applies the events with the embedded engine's processor and
 * returns what is left to do: send batches (sent here one after another, so a person's reply and
 * the bot's messages keep their order), steps (run beside the mailbox) and the next timer (a
 * Temporal timer, then fireTimers). It ends when the contact has no run going and nothing pending,
 * and continues as new (it carries nothing: PostgreSQL is the state) before its history grows large.
 */
export async function contactWorkflow(input: ContactWorkflowInput): Promise<void> {
  const ref = { tenantId: input.tenantId, contactId: input.contactId };
  // A fresh start (signal-with-start) or a continued run first reads what PostgreSQL holds.
  let wakes = 1;
  let last: ProcessResult | undefined;
  let lastProcessedAt: string | null = null;
  let gone = false;
  const inFlight = new Set<string>();
  setHandler(contactWake, () => {
    wakes += 1;
  });
  setHandler(contactState, () => ({
    ...ref,
    logicVersion: WORKFLOW_LOGIC_VERSION,
    nextDueAt: last?.nextDueAt ?? null,
    active: last?.active ?? false,
    stepsInFlight: [...inFlight],
    wakesPending: wakes > 0,
    lastProcessedAt,
  }));

  const startStep = (call: StepCall) => {
    if (inFlight.has(call.outboxId)) return;
    inFlight.add(call.outboxId);
    void steps
      .runStep({ ...ref, call })
      .catch((error: unknown) => {
        if (erased(error)) gone = true;
        else log.error('a step could not be run; its run waits', { runId: call.runId, error: String(error) });
      })
      .finally(() => {
        inFlight.delete(call.outboxId);
        wakes += 1; // its result is in the inbox
      });
  };

  const bound = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  for (;;) {
    if (gone) return;
    if (wakes > 0) {
      wakes = 0;
      try {
        last = await inbox.processContact(ref);
      } catch (error) {
        if (erased(error)) return;
        throw error; // unreachable while retries are unlimited; a failure here is for the operator
      }
      lastProcessedAt = new Date().toISOString();
      if (last.more) wakes += 1;
      for (const batch of last.sends) {
        try {
          await sending.sendBatch({ ...ref, batch });
        } catch (error) {
          if (erased(error)) return;
          // The row stays unpublished: the next processContact hands it out again.
          log.error('a send batch failed', { outboxId: batch.outboxId, error: String(error) });
        }
      }
      for (const call of last.steps) startStep(call);
      continue;
    }
    const due = last?.nextDueAt ?? null;
    if (!last?.active && !inFlight.size && due === null) return;
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength >= bound) {
      await condition(() => inFlight.size === 0 && allHandlersFinished());
      return continueAsNew<typeof contactWorkflow>({ ...input, logicVersion: WORKFLOW_LOGIC_VERSION });
    }
    if (due === null) {
      await condition(() => wakes > 0 || gone);
      continue;
    }
    const wait = Date.parse(due) - Date.now();
    if (wait > 0 && (await condition(() => wakes > 0 || gone, wait))) continue;
    try {
      await inbox.fireTimers(ref);
    } catch (error) {
      if (erased(error)) return;
      throw error;
    }
    wakes += 1;
  }
}
