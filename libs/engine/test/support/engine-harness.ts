import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxProvider, type MessageEvent } from '@leadline/whatsapp';
import { startEngineWorld, type EngineWorld } from './engine-world';

export const FLOWS_DIR = join(__dirname, '..', '..', '..', '..', 'flows');

export function exampleFlow(id: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FLOWS_DIR, `${id}.flow.json`), 'utf8'));
}

/** An engine world whose channel delivers to the sandbox, which the test reads back. */
export interface Harness extends EngineWorld {
  sandbox: SandboxProvider;
}

/** A migrated database with one tenant, a sandbox channel, approved templates and the given flows published. */
export async function startHarness(options: { flows: Array<Record<string, unknown>> }): Promise<Harness> {
  const sandbox = new SandboxProvider();
  const world = await startEngineWorld({
    flows: options.flows,
    engine: { providers: () => sandbox, sweepIntervalMs: 250, channelPollMs: 500 },
  });
  return Object.assign(world, { sandbox });
}

let counter = 0;

/** A WhatsApp message from a contact, as the webhook layer normalises it. */
export function userMessage(
  h: Harness,
  phone: string,
  input: string | { button: string },
  at = new Date(),
): MessageEvent {
  counter += 1;
  h.sandbox.setLastInbound(phone, at);
  const base = { providerMessageId: `wamid.test.${counter}.${randomUUID()}`, at: at.toISOString() };
  return {
    kind: 'message',
    channel: { provider: 'sandbox', phoneNumberId: h.phoneNumberId },
    contact: { waId: phone.slice(1), phone, name: 'Ana' },
    message:
      typeof input === 'string'
        ? { ...base, type: 'text', text: input }
        : { ...base, type: 'button', buttonId: input.button },
  };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Texts (or template names) the sandbox delivered to a phone, in order. */
export function delivered(h: Harness, phone: string): string[] {
  return h.sandbox.sentTo(phone).map((sent) => {
    const m = sent.message;
    return m.type === 'template' ? `template:${m.template.name}` : 'text' in m ? m.text : m.type;
  });
}
