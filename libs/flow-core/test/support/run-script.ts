import { simulate, validateFlow, type Flow, type Transcript, type TranscriptEvent } from '../../src';

export const CONTACT = { phone: '+27740000001', name: 'Ana' };
export const START_AT = '2026-01-05T09:00:00.000Z';

/** Validates the flow (a test flow with errors is a broken test) and runs the script's steps. */
export async function runScript(
  flow: Flow,
  steps: unknown[],
  contact: object = CONTACT,
): Promise<Transcript> {
  const validation = validateFlow(flow);
  const errors = validation.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`test flow is invalid: ${errors.map((d) => d.message).join('; ')}`);
  return simulate(flow, { contact, startAt: START_AT, steps });
}

export function outbound(transcript: Transcript): TranscriptEvent[] {
  return transcript.events.filter((event) => event.dir === 'out');
}

/** What the contact saw, one short line per message: text, `template:<name>`, `document:<file>`, `media:<url>`. */
export function seen(transcript: Transcript): string[] {
  return outbound(transcript).map((event) => {
    switch (event.type) {
      case 'template':
        return `template:${event.template?.name}`;
      case 'document':
        return `document:${event.filename}`;
      case 'media':
        return `media:${event.media?.url}`;
      default:
        return event.text ?? '';
    }
  });
}

export function at(offsetMs: number): string {
  return new Date(Date.parse(START_AT) + offsetMs).toISOString();
}

export const SECOND = 1_000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
