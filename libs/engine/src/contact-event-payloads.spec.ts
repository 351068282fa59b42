import { dedupeKeys, parseContactEvent } from './contact-event-payloads';

describe('contact event payloads', () => {
  it('parses each kind by its schema', () => {
    expect(parseContactEvent('timer', { runId: 'r1', timerId: 't1' })).toEqual({
      kind: 'timer',
      payload: { runId: 'r1', timerId: 't1' },
    });
    expect(
      parseContactEvent('activity.result', {
        runId: 'r1',
        requestId: 'q1',
        ok: false,
        error: { code: 'X', message: 'no' },
      }).payload,
    ).toMatchObject({ ok: false, error: { code: 'X' } });
    expect(parseContactEvent('control', { action: 'cancel', runId: 'r1' }).payload).toEqual({
      action: 'cancel',
      runId: 'r1',
    });
  });

  it('refuses a payload that does not fit, naming the kind but not the content', () => {
    expect(() => parseContactEvent('timer', { runId: 'r1', secret: 'x' })).toThrow(
      'contact event of kind "timer" has a payload that does not fit its schema',
    );
    expect(() => parseContactEvent('status', { runId: 'r1', effectId: 'e', reason: 'maybe' })).toThrow(
      /kind "status"/,
    );
    expect(() => parseContactEvent('control', { action: 'explode' })).toThrow('unknown control action');
    expect(() => parseContactEvent('gossip', {})).toThrow('unknown contact event kind "gossip"');
  });

  it('builds the dedupe keys the sweeper SQL also builds', () => {
    expect(dedupeKeys.timer('r1', 't1')).toBe('timer.r1.t1');
    expect(dedupeKeys.activity('q1')).toBe('activity.q1');
    expect(dedupeKeys.inbound('c1', 'wamid.1')).toBe('in.c1.wamid.1');
  });
});
