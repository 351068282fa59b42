import { randomUUID } from 'node:crypto';
import {
  parseScript,
  simulate,
  validateFlow,
  type Flow,
  type OutboundMessage,
  type SimulationScript,
  type TranscriptEvent,
  type TranscriptRun,
} from '@leadline/flow-core';
import type { MessageEvent } from '@leadline/whatsapp';

/** One message of the contact, and how many bot messages the contact has received before sending it. */
export interface ScriptedInput {
  message: { type: 'text' | 'button' | 'list'; text?: string; buttonId?: string };
  after: number;
}

/** What the simulator says a conversation is: the engine must produce the same outbound messages. */
export interface ExpectedConversation {
  phone: string;
  name?: string;
  inputs: ScriptedInput[];
  outbound: OutboundMessage[];
  run: TranscriptRun | null;
}

export function parsedFlowOf(definition: Record<string, unknown>): Flow {
  const result = validateFlow(definition);
  if (!result.ok || !result.flow) {
    throw new Error(`flow ${String(definition.id)} does not validate: ${JSON.stringify(result.diagnostics)}`);
  }
  return result.flow;
}

/** The message as the channel layer hands it to the engine (no transcript bookkeeping). */
export function outboundOf(event: TranscriptEvent): OutboundMessage {
  const { at: _at, dir: _dir, node: _node, ...message } = event;
  return normalised(message as OutboundMessage);
}

/** Drops undefined properties, so objects compare equal whichever way they were built. */
export function normalised<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Runs the script through the simulator for this contact. The contact's inputs are taken from the
 * transcript (a button tap carries its title as text, as in a real webhook), and each input is paced
 * by the number of bot messages before it, so a driver can answer "as soon as the question arrived".
 */
export async function expectConversation(
  flow: Flow,
  script: unknown,
  contact: { phone: string; name?: string },
): Promise<ExpectedConversation> {
  const parsed: SimulationScript = parseScript(script);
  const ours = { ...parsed, contact: { ...parsed.contact, phone: contact.phone, name: contact.name } };
  if (ours.contact.name === undefined) delete ours.contact.name;
  const transcript = await simulate(flow, ours);
  const inputs: ScriptedInput[] = [];
  const outbound: OutboundMessage[] = [];
  for (const event of transcript.events) {
    if (event.dir === 'out') {
      outbound.push(outboundOf(event));
      continue;
    }
    inputs.push({
      message: normalised({
        type: event.type as 'text' | 'button' | 'list',
        text: event.text,
        buttonId: event.buttonId,
      }),
      after: outbound.length,
    });
  }
  return { phone: contact.phone, name: contact.name, inputs, outbound, run: transcript.run };
}

/** A contact's message as the webhook layer normalises it, with a fresh provider id. */
export function inboundEvent(
  phoneNumberId: string,
  contact: { phone: string; name?: string },
  message: ScriptedInput['message'],
  at = new Date(),
): MessageEvent {
  return {
    kind: 'message',
    channel: { provider: 'sandbox', phoneNumberId },
    contact: {
      waId: contact.phone.slice(1),
      phone: contact.phone,
      ...(contact.name ? { name: contact.name } : {}),
    },
    message: { ...message, providerMessageId: `wamid.soak.${randomUUID()}`, at: at.toISOString() },
  };
}

/** Distinct E.164 numbers for generated contacts (Portuguese mobile range, 12 digits). */
export function phoneOf(index: number): string {
  return `+3519${String(index).padStart(8, '0')}`;
}
