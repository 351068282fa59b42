import { isPersistSteps, PERSIST_STEPS, persistStepsFor, type PersistStepRow } from './hot-statements';

// Issue 21, seventh round: PERSIST_STEPS is planned at every call, so its text holds only the parts
// the batch's rows need; a part a row needs is never left out.
function row(extra: Partial<PersistStepRow> = {}): PersistStepRow {
  return {
    run: 'r',
    state: {},
    status: 'waiting',
    node: 'n',
    vars: {},
    error: null,
    endedAt: null,
    engine: 'embedded',
    flow: 'f',
    version: 'v',
    trace: [],
    conversation: null,
    contact: 'c',
    channel: null,
    messages: [],
    send: null,
    armed: [],
    cancelled: [],
    queued: [],
    summary: null,
    shown: {},
    claimAt: null,
    ...extra,
  };
}

describe('PERSIST_STEPS by the shape of its rows', () => {
  it('leaves out the timers, the other outbox entries and run.completed when no row has them', () => {
    const lean = persistStepsFor([row(), row()]);
    for (const part of [
      'armed AS',
      'cancelled AS',
      'queued AS',
      'subscribed AS',
      'completed AS',
      'delivered AS',
    ])
      expect(lean.text).not.toContain(part);
    expect(lean.text).toContain('0 AS armed, 0 AS cancelled');
    expect(isPersistSteps(lean.text)).toBe(true);
  });

  it('keeps each part that one row of the batch needs', () => {
    const timers = persistStepsFor([row(), row({ cancelled: ['t1'] })]).text;
    expect(timers).toContain('armed AS');
    expect(timers).toContain('cancelled AS');
    expect(timers).not.toContain('queued AS');
    expect(persistStepsFor([row({ armed: [{ id: 't', due: 'x' }] })]).text).toContain('armed AS');
    const queued = persistStepsFor([row({ queued: [{ kind: 'activity', payload: {} }] }), row()]).text;
    expect(queued).toContain('queued AS');
    expect(queued).not.toContain('completed AS');
    const completed = persistStepsFor([row(), row({ summary: { status: 'completed' } })]).text;
    expect(completed).toContain('completed AS');
    expect(completed).toContain('delivered AS');
    expect(
      persistStepsFor([row({ cancelled: ['t'], queued: [{ kind: 'timer', payload: {} }], summary: {} })])
        .text,
    ).toBe(PERSIST_STEPS.text);
  });

  it('is one statement per shape, each of the same three parameters', () => {
    expect(persistStepsFor([row()])).toBe(persistStepsFor([row(), row()]));
    expect(persistStepsFor([row()]).text).toContain('$3::timestamptz');
  });
});
