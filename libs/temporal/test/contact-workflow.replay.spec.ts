import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { HistoryBuilder } from '../src/testing/history-builder';
import {
  CONTACT_EVENT_SIGNAL,
  CONTACT_WORKFLOW,
  type ApplyTransitionInput,
  type ContactWorkflowInput,
} from '../src/workflows/contract';
import { exampleFlow, inbound, INPUT, runStart } from './support/lead-capture';
import { bundle, names, replay, type RecordedCommand } from './support/replay';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let workflowBundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  workflowBundle = await bundle();
}, 60_000);

function builder(): HistoryBuilder {
  return new HistoryBuilder({
    workflowType: CONTACT_WORKFLOW,
    taskQueue: 'leadline',
    startAt: '2026-01-05T09:00:00Z',
  });
}

/**
 * The first message starts lead-capture: routing (a local activity: one marker in the first workflow
 * task), the start recorded by applyTransition, then the wait for the name.
 */
function firstMessage(h: HistoryBuilder, input: ContactWorkflowInput = INPUT): void {
  h.started([input]).signaled(CONTACT_EVENT_SIGNAL, inbound('1', h.now, "Hi, I'd like info on solar panels"));
  h.workflowTask();
  h.localActivity('routeInbound', { result: { adopt: [], start: runStart(exampleFlow('lead-capture')) } });
  h.activityCompleted(h.activityScheduled('applyTransition')).workflowTask();
}

/** The contact writes: one signal and a workflow task. */
function says(h: HistoryBuilder, id: string, text: string, buttonId?: string): HistoryBuilder {
  return h.signaled(CONTACT_EVENT_SIGNAL, inbound(id, h.now, text, buttonId)).workflowTask();
}

function applied(commands: RecordedCommand[]): ApplyTransitionInput[] {
  return commands
    .filter((command) => command.name === 'applyTransition')
    .map((command) => command.detail as ApplyTransitionInput);
}

function sentNodes(input: ApplyTransitionInput): string[] {
  return input.transition.effects.flatMap((effect) => (effect.type === 'send' ? [effect.nodeId] : []));
}

describe('contact workflow replay (lead-capture example flow)', () => {
  it('replays a hot lead from the first message to the handoff, each reply step (the first one too) costing at most 12 events', async () => {
    const h = builder();
    firstMessage(h);
    const nameTimer = h.timerStarted(DAY);
    // The first step, from the signal (event 2, after WorkflowExecutionStarted) to the name question's timer.
    expect(h.eventTypes(1)).toEqual([
      'WorkflowExecutionSignaled',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskCompleted',
      'MarkerRecorded', // routeInbound, a local activity
      'ActivityTaskScheduled', // applyTransition: welcome and ask name, one activity
      'ActivityTaskStarted',
      'ActivityTaskCompleted',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskCompleted',
      'TimerStarted',
    ]);
    const costs: number[] = [h.length - 1];

    let mark = h.length;
    says(h.advance(2 * MINUTE), '2', 'Ana Sousa').timerCanceled(nameTimer);
    h.activityCompleted(h.activityScheduled('applyTransition')).workflowTask();
    costs.push(h.length - mark);
    for (const [id, text, button] of [
      ['3', 'Home solar', 'home'],
      ['4', 'about €15.000', undefined],
      ['5', 'Ana.Sousa@Example.com', undefined],
    ] as const) {
      mark = h.length;
      says(h.advance(MINUTE), id, text, button);
      h.activityCompleted(h.activityScheduled('applyTransition')).workflowTask();
      costs.push(h.length - mark);
    }

    const commands = await replay(workflowBundle, h.toJSON());
    expect(names(commands)).toEqual([
      'localActivity:routeInbound',
      'activity:applyTransition',
      `timer:${DAY}`,
      'activity:applyTransition',
      'activity:applyTransition',
      'activity:applyTransition',
      'activity:applyTransition',
    ]);
    const steps = applied(commands);
    expect(steps.map(sentNodes)).toEqual([
      ['welcome', 'ask_name'],
      ['ask_need'],
      ['ask_budget'],
      ['ask_email'],
      ['tell_hot'],
    ]);
    expect(steps[0].start).toBe(true);
    // Timers are Temporal's: the recorded transition never carries timer or activity effects.
    expect(steps[0].transition.effects.map((effect) => effect.type)).toEqual(['send', 'send']);
    const last = steps[4];
    expect(last.transition.state.status).toBe('handoff');
    expect(last.transition.effects.map((effect) => effect.type)).toEqual(
      expect.arrayContaining(['contact.update', 'send', 'run.handoff']),
    );
    // The first message: signal + workflow task with the routing marker + applyTransition + workflow
    // task + timer. Then: signal + workflow task + (timer cancelled) + applyTransition + workflow task.
    expect(costs).toEqual([12, 11, 10, 10, 10]);
  });

  it('replays a question timeout (timer fired) and a late reply that interrupts the wait', async () => {
    const h = builder();
    firstMessage(h);
    const nameTimer = h.timerStarted(DAY);
    h.advance(DAY).timerFired(nameTimer).workflowTask();
    h.activityCompleted(h.activityScheduled('applyTransition')).workflowTask();
    const waitTimer = h.timerStarted(2 * DAY);

    const mark = h.length;
    says(h.advance(DAY + 60 * MINUTE), '2', 'sorry, was busy!').timerCanceled(waitTimer);
    h.activityCompleted(h.activityScheduled('applyTransition')).workflowTask();
    h.timerStarted(DAY);
    expect(h.length - mark).toBe(12);

    const commands = await replay(workflowBundle, h.toJSON());
    expect(names(commands)).toEqual([
      'localActivity:routeInbound',
      'activity:applyTransition',
      `timer:${DAY}`,
      'activity:applyTransition',
      `timer:${2 * DAY}`,
      'activity:applyTransition',
      `timer:${DAY}`,
    ]);
    expect(applied(commands).map(sentNodes)).toEqual([
      ['welcome', 'ask_name'],
      ['name_reminder'],
      ['ask_name'],
    ]);
  });

  it('continues as new past its history bound, and the new run carries on from the carried state', async () => {
    const input = { ...INPUT, maxHistoryEvents: 10 };
    const first = builder();
    firstMessage(first, input);
    const firstCommands = await replay(workflowBundle, first.toJSON());
    const carry = firstCommands.find((command) => command.kind === 'continueAsNew');
    expect(carry).toBeDefined();
    const carried = carry?.detail as ContactWorkflowInput;
    expect(carried.carried?.runs[0].state.wait).toMatchObject({ kind: 'question', nodeId: 'ask_name' });
    expect(carried.carried?.seen).toEqual(['1']);
    first.continuedAsNew([carried]);
    await replay(workflowBundle, first.toJSON());

    const next = builder();
    next.started([carried]).workflowTask();
    const timer = next.timerStarted(DAY);
    says(next.advance(MINUTE), '2', 'Ana Sousa').timerCanceled(timer);
    next.activityCompleted(next.activityScheduled('applyTransition')).workflowTask();
    const commands = await replay(workflowBundle, next.toJSON());
    // The bound travels with the state: this run, too, continues as new once past it.
    expect(names(commands)).toEqual([
      `timer:${DAY}`,
      'activity:applyTransition',
      'continueAsNew:contactWorkflow',
    ]);
    expect(applied(commands)[0].transition.state.vars).toMatchObject({ name: 'Ana Sousa' });
  });

  it('ends the workflow when routing fails for good (local activity failed), starting no run', async () => {
    const h = builder();
    h.started([INPUT])
      .signaled(CONTACT_EVENT_SIGNAL, inbound('1', h.now, 'hello'))
      .workflowTask();
    h.localActivity('routeInbound', {
      failure: { message: 'flow version does not validate', type: 'InvalidFlowVersion' },
    });
    h.completed();
    expect(names(await replay(workflowBundle, h.toJSON()))).toEqual(['localActivity:routeInbound']);
  });

  it('ends the workflow when no flow matches (no run, nothing pending)', async () => {
    const h = builder();
    h.started([INPUT])
      .signaled(CONTACT_EVENT_SIGNAL, inbound('1', h.now, 'what time is it?'))
      .workflowTask();
    h.localActivity('routeInbound', { result: { adopt: [], start: null } }).completed();
    expect(names(await replay(workflowBundle, h.toJSON()))).toEqual(['localActivity:routeInbound']);
  });

  it('applies a signal delivered twice (same inbox id) once', async () => {
    const h = builder();
    firstMessage(h);
    const nameTimer = h.timerStarted(DAY);
    const reply = inbound('2', h.advance(MINUTE).now, 'Ana Sousa');
    h.signaled(CONTACT_EVENT_SIGNAL, reply).signaled(CONTACT_EVENT_SIGNAL, reply).workflowTask();
    h.timerCanceled(nameTimer);
    h.activityCompleted(h.activityScheduled('applyTransition')).workflowTask();
    const commands = await replay(workflowBundle, h.toJSON());
    expect(names(commands).filter((name) => name === 'activity:applyTransition')).toHaveLength(2);
  });

  it('rejects a history whose routing does not match the code (a regular activity, another local activity)', async () => {
    const start = { adopt: [], start: runStart(exampleFlow('lead-capture')) };
    const regular = builder();
    regular
      .started([INPUT])
      .signaled(CONTACT_EVENT_SIGNAL, inbound('1', regular.now, 'Hi, solar info please'));
    regular.workflowTask();
    regular.activityCompleted(regular.activityScheduled('routeInbound'), start).workflowTask();
    await expect(replay(workflowBundle, regular.toJSON())).rejects.toThrow(/[Nn]ondeterminism/);

    const other = builder();
    other.started([INPUT]).signaled(CONTACT_EVENT_SIGNAL, inbound('1', other.now, 'Hi, solar info please'));
    other.workflowTask();
    other.localActivity('resolveLead', { result: start });
    other.activityCompleted(other.activityScheduled('applyTransition')).workflowTask();
    await expect(replay(workflowBundle, other.toJSON())).rejects.toThrow(/[Nn]ondeterminism/);
  });

  it('rejects a history whose step does not match the code (the timer cancel is missing)', async () => {
    const h = builder();
    firstMessage(h);
    h.timerStarted(DAY);
    says(h.advance(MINUTE), '2', 'Ana Sousa');
    h.activityCompleted(h.activityScheduled('applyTransition')).workflowTask();
    await expect(replay(workflowBundle, h.toJSON())).rejects.toThrow(/[Nn]ondeterminism/);
  });
});
