import type { Flow } from '../flow/flow.types';
import type { InboundMessage } from '../runtime/messages';
import type { RunState } from '../runtime/run-state';
import { routeInbound } from './route-inbound';

function flow(id: string, trigger: Record<string, unknown>): { flowId: string; flow: Flow } {
  return {
    flowId: id,
    flow: {
      format: 'leadline.flow/v1',
      id,
      name: id,
      nodes: [{ id: 'start', type: 'trigger', data: trigger }],
      edges: [],
    } as unknown as Flow,
  };
}

function run(flowId: string, status: RunState['status'], wait: RunState['wait'] = null) {
  return { flowId, state: { status, wait } as RunState };
}

const message = (text: string): InboundMessage =>
  ({ id: 'wamid.1', type: 'text', text, at: '2026-12-06T10:00:00.000Z' }) as InboundMessage;

const anyMessage = flow('any', { on: 'message' });
const solar = flow('solar', { on: 'keyword', keywords: ['solar'], match: 'exact' });
const question = { kind: 'question', nodeId: 'ask' } as RunState['wait'];

describe('routeInbound: which run gets a message, or which flow it starts', () => {
  it('gives the message to the run that waits for the contact', () => {
    const waiting = run('any', 'waiting', question);
    const route = routeInbound({
      message: message('solar'),
      runs: [
        run('other', 'waiting', { kind: 'wait', nodeId: 'w', timerId: 't', interruptOnReply: false }),
        waiting,
      ],
      optedOut: true,
      flows: [anyMessage, solar],
    });
    expect(route).toEqual({ kind: 'deliver', run: waiting });
  });

  it('holds it for a person when a run is in handoff', () => {
    const handoff = run('any', 'handoff');
    expect(
      routeInbound({ message: message('solar'), runs: [handoff], optedOut: false, flows: [solar] }),
    ).toEqual({
      kind: 'held',
      run: handoff,
    });
  });

  it('starts nothing for an opted-out contact', () => {
    expect(routeInbound({ message: message('solar'), runs: [], optedOut: true, flows: [solar] })).toEqual({
      kind: 'none',
      reason: 'opted_out',
    });
  });

  it('lets the strongest trigger win, and names the trigger', () => {
    expect(
      routeInbound({ message: message('Solar'), runs: [], optedOut: false, flows: [anyMessage, solar] }),
    ).toEqual({ kind: 'start', candidate: solar, trigger: 'keyword', campaign: false });
    expect(
      routeInbound({ message: message('hello'), runs: [], optedOut: false, flows: [anyMessage, solar] }),
    ).toEqual({ kind: 'start', candidate: anyMessage, trigger: 'message', campaign: false });
    expect(routeInbound({ message: message('hello'), runs: [], optedOut: false, flows: [solar] })).toEqual({
      kind: 'none',
      reason: 'no_match',
    });
  });

  it('starts no second run of a flow that is busy', () => {
    const timerRun = run('solar', 'waiting', {
      kind: 'wait',
      nodeId: 'w',
      timerId: 't',
      interruptOnReply: false,
    });
    expect(
      routeInbound({ message: message('solar'), runs: [timerRun], optedOut: false, flows: [solar] }),
    ).toEqual({
      kind: 'none',
      reason: 'busy',
    });
  });

  it('starts the campaign’s flow for a campaign reply, unless that flow is busy', () => {
    const campaign = flow('offer', { on: 'api' });
    expect(
      routeInbound({
        message: message('solar'),
        runs: [],
        optedOut: false,
        flows: [solar],
        campaignFlow: campaign,
      }),
    ).toEqual({ kind: 'start', candidate: campaign, trigger: 'message', campaign: true });
    const busy = run('offer', 'running');
    expect(
      routeInbound({
        message: message('solar'),
        runs: [busy],
        optedOut: false,
        flows: [solar],
        campaignFlow: campaign,
      }),
    ).toEqual({ kind: 'start', candidate: solar, trigger: 'keyword', campaign: false });
  });
});
