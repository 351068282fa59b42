import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateFlow, type Flow } from '@leadline/flow-core';
import type { ContactEventSignal, ContactWorkflowInput, RunStart } from '../../src/workflows/contract';

export const TENANT = '11111111-1111-4111-8111-111111111111';
export const CONTACT = '22222222-2222-4222-8222-222222222222';
export const CHANNEL = '33333333-3333-4333-8333-333333333333';
export const INPUT: ContactWorkflowInput = { tenantId: TENANT, contactId: CONTACT };

export function exampleFlow(name: string): Flow {
  const result = validateFlow(
    JSON.parse(readFileSync(join(__dirname, '../../../../flows', `${name}.flow.json`), 'utf8')),
  );
  if (!result.flow || !result.ok) throw new Error(`flows/${name}.flow.json does not validate`);
  return result.flow;
}

export function runStart(flow: Flow, trigger: RunStart['trigger'] = 'keyword'): RunStart {
  return {
    flowId: '44444444-4444-4444-8444-444444444444',
    flowVersionId: '55555555-5555-4555-8555-555555555555',
    version: 1,
    flow,
    trigger,
    channelId: CHANNEL,
    contact: { phone: '+351912345678', name: 'Ana', fields: {}, tags: [] },
  };
}

let inboundSeq = 0;

/** An inbox row as the forwarder signals it: a text message or a button tap. */
export function inbound(id: string, at: string, text: string, buttonId?: string): ContactEventSignal {
  inboundSeq += 1;
  return {
    id,
    kind: 'inbound',
    occurredAt: at,
    payload: {
      channelId: CHANNEL,
      message: {
        id: `wamid.${inboundSeq}`,
        at,
        type: buttonId ? 'button' : 'text',
        text,
        ...(buttonId ? { buttonId } : {}),
      },
    },
  };
}
