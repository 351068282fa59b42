// The conversations the replay gate's golden histories record (test/histories/*.json). They are
// built with the history builder the way this release's workflow writes them (checked by replaying
// them before they are saved: contact-workflow.golden.spec.ts with RECORD_GOLDEN=1) and then kept
// as files: a later release replays the files, never this code, so a change of the workflow that
// would break running conversations fails the gate.
import { HistoryBuilder, type HistoryJson } from '../../src/testing/history-builder';
import {
  CONTACT_WAKE_SIGNAL,
  CONTACT_WORKFLOW,
  NON_RETRYABLE,
  WORKFLOW_LOGIC_VERSION,
  type ContactWorkflowInput,
  type ProcessResult,
  type SendBatch,
  type StepCall,
} from '../../src/workflows/contract';

export const TENANT = '11111111-1111-4111-8111-111111111111';
export const CONTACT = '22222222-2222-4222-8222-222222222222';
export const CHANNEL = '33333333-3333-4333-8333-333333333333';
export const REF = { tenantId: TENANT, contactId: CONTACT };
export const INPUT: ContactWorkflowInput = { ...REF, logicVersion: WORKFLOW_LOGIC_VERSION };
const HOUR = 3_600_000;

function builder(): HistoryBuilder {
  return new HistoryBuilder({
    workflowType: CONTACT_WORKFLOW,
    taskQueue: 'leadline',
    startAt: '2026-01-05T09:00:00Z',
  });
}

function processed(over: Partial<ProcessResult> = {}): ProcessResult {
  return { applied: 1, more: false, sends: [], steps: [], nextDueAt: null, active: true, ...over };
}

function batch(n: number): SendBatch {
  return { outboxId: String(n), channelId: CHANNEL, messageIds: [`00000000-0000-4000-8000-00000000010${n}`] };
}

/** processContact, then its send batches one by one: each activity completes in its own workflow task. */
function turn(h: HistoryBuilder, result: ProcessResult): void {
  h.activityCompleted(h.activityScheduled('processContact', [REF]), result).workflowTask();
  for (const b of result.sends)
    h.activityCompleted(h.activityScheduled('sendBatch', [{ ...REF, batch: b }])).workflowTask();
}

/** The contact writes, is answered, writes again, the run ends: the workflow ends with it. */
function conversation(): HistoryJson {
  const h = builder();
  h.started([INPUT]).signaled(CONTACT_WAKE_SIGNAL, { reason: 'inbox' }).workflowTask();
  turn(h, processed({ sends: [batch(1)] }));
  h.advance(60_000).signaled(CONTACT_WAKE_SIGNAL, { reason: 'inbox' }).workflowTask();
  turn(h, processed({ sends: [batch(2), batch(3)], active: false }));
  return h.completed().toJSON();
}

/** A question's reminder timer: the workflow sleeps until it is due, fires it, applies it. */
function timer(): HistoryJson {
  const h = builder();
  h.started([INPUT]).signaled(CONTACT_WAKE_SIGNAL, { reason: 'inbox' }).workflowTask();
  const due = new Date(Date.parse(h.now) + HOUR).toISOString();
  turn(h, processed({ sends: [batch(1)], nextDueAt: due }));
  const started = h.timerStarted(HOUR);
  h.advance(HOUR).timerFired(started).workflowTask();
  h.activityCompleted(h.activityScheduled('fireTimers', [REF]), 1).workflowTask();
  turn(h, processed({ sends: [batch(2)], active: false }));
  return h.completed().toJSON();
}

/** An AI/HTTP step runs beside the mailbox; its result wakes the workflow. */
function step(): HistoryJson {
  const call: StepCall = {
    outboxId: '7',
    runId: '44444444-4444-4444-8444-444444444444',
    requestId: '44444444-4444-4444-8444-444444444444:a1',
    nodeId: 'ask_ai',
    request: { kind: 'ai', prompt: 'hello' },
  };
  const h = builder();
  h.started([INPUT]).signaled(CONTACT_WAKE_SIGNAL, { reason: 'inbox' }).workflowTask();
  h.activityCompleted(
    h.activityScheduled('processContact', [REF]),
    processed({ steps: [call] }),
  ).workflowTask();
  h.activityCompleted(h.activityScheduled('runStep', [{ ...REF, call }])).workflowTask();
  turn(h, processed({ sends: [batch(1)], active: false }));
  return h.completed().toJSON();
}

/** The contact was erased: the first activity says so and the workflow ends. */
function erased(): HistoryJson {
  const h = builder();
  h.started([INPUT]).signaled(CONTACT_WAKE_SIGNAL, { reason: 'inbox' }).workflowTask();
  h.activityFailed(h.activityScheduled('processContact', [REF]), {
    message: `contact ${CONTACT} was erased`,
    type: NON_RETRYABLE.contactErased,
  });
  return h.workflowTask().completed().toJSON();
}

/** Past its history bound the workflow continues as new (it carries nothing: PostgreSQL is the state). */
function continued(): HistoryJson {
  const h = builder();
  h.started([INPUT]).signaled(CONTACT_WAKE_SIGNAL, { reason: 'inbox' }).workflowTask();
  h.activityCompleted(h.activityScheduled('processContact', [REF]), processed()).workflowTask({
    suggestContinueAsNew: true,
  });
  return h.continuedAsNew([INPUT]).toJSON();
}

export const GOLDEN: Record<string, () => HistoryJson> = { conversation, timer, step, erased, continued };
