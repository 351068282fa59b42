import type { OutboundMessage } from '@leadline/flow-core';
import type { MessageEvent } from '@leadline/whatsapp';
import type { DeliveryOptions, SentMessage } from '../../fake-whatsapp';
import { ConversationDriver } from '../../../libs/engine/test/support/conversation-driver';
import {
  expectConversation,
  parsedFlowOf,
  phoneOf,
} from '../../../libs/engine/test/support/scripted-conversation';
import { surveyFlow, surveyScript } from '../../../libs/engine/test/support/test-flows';
import type { BenchResult } from './bench-report';
import { tallyDeliveries, type ProviderDelivery } from './delivery-ledger';
import { withBenchStack, type BenchStack } from './infra/bench-stack';
import { sleep } from './reply-tracker';

export interface FaultScenario {
  name: string;
  /** Conversations of the survey flow (6 bot messages, 4 contact messages and 2 timers each). */
  contacts: number;
  workers: number;
  webhooks?: Partial<DeliveryOptions>;
  /** When the fault starts, after the first messages went in. */
  faultAfterMs: number;
  /** Injects the fault; resolves when it is over. `note` records what happened, for the report. */
  fault: (stack: BenchStack, note: (line: string) => void) => Promise<void>;
  /** How long the conversations may take to finish after the fault. */
  finishWithinMs: number;
  /**
   * How long to keep watching after the last conversation finished: a send the worker was unsure of
   * is re-sent after the engine's 60 s reconciliation window unless its status webhook settled it.
   */
  settleMs: number;
}

/** What a contact sees of a bot message: its text (or template name), whatever the shape. */
export function expectedText(message: OutboundMessage): string {
  if (message.type === 'template') return `template:${message.template.name}`;
  if ('text' in message) return message.text;
  return message.type;
}

/** The same for a message as the fake Meta accepted it (the Graph API's JSON body). */
export function acceptedText(body: Record<string, unknown>): string {
  const text = body.text as { body?: string } | undefined;
  const interactive = body.interactive as { body?: { text?: string } } | undefined;
  const template = body.template as { name?: string } | undefined;
  if (text?.body !== undefined) return text.body;
  if (interactive?.body?.text !== undefined) return interactive.body.text;
  if (template?.name) return `template:${template.name}`;
  return String(body.type);
}

/** A normalised inbound event (what ConversationDriver produces) as a user message at the fake Meta. */
function userSendsOf(stack: BenchStack, event: MessageEvent): void {
  const message = event.message as { type: string; text?: string; buttonId?: string };
  stack.fakeMeta.userSends({
    from: event.contact.phone,
    name: event.contact.name,
    ...(message.type === 'button'
      ? { button: { id: message.buttonId ?? '', title: message.text ?? '' } }
      : { text: message.text ?? '' }),
  });
}

/** How many timestamps fall in each 10-second slice after `start`: shows stalls and recoveries. */
export function perTenSeconds(timestamps: number[], start: number): number[] {
  const counts: number[] = [];
  for (const at of timestamps) {
    const slot = Math.max(0, Math.floor((at - start) / 10_000));
    while (counts.length <= slot) counts.push(0);
    counts[slot] += 1;
  }
  return counts;
}

async function stateReport(stack: BenchStack): Promise<string> {
  const rows = async (sql: string) => JSON.stringify(await stack.prisma.$queryRawUnsafe(sql));
  return [
    `messages: ${await rows(`SELECT status, count(*)::int AS n FROM messages WHERE direction = 'out' GROUP BY 1`)}`,
    `events: ${await rows(`SELECT kind, processed_at IS NOT NULL AS processed, count(*)::int AS n FROM contact_events GROUP BY 1, 2`)}`,
    `timers: ${await rows(`SELECT fired_at IS NOT NULL AS fired, count(*)::int AS n FROM run_timers GROUP BY 1`)}`,
    `runs: ${await rows(`SELECT status, count(*)::int AS n FROM flow_runs GROUP BY 1`)}`,
  ].join('\n');
}

/**
 * Runs `contacts` survey conversations through the whole stack (fake Meta → API → worker → fake
 * Meta), injects the fault mid-way, and counts what every contact received against what the
 * simulator says they should: expected, delivered, lost, duplicated.
 */
export async function runFaultScenario(scenario: FaultScenario): Promise<BenchResult[]> {
  return withBenchStack(
    { flows: [surveyFlow()], workers: scenario.workers, webhooks: scenario.webhooks },
    async (stack) => {
      const flow = parsedFlowOf(surveyFlow());
      const deliveries: ProviderDelivery[] = [];
      const deliveredAt: number[] = [];
      const distinct = new Map<string, Set<string>>();
      const drivers = new Map<string, ConversationDriver>();
      const expected = new Map<string, string[]>();
      for (let index = 0; index < scenario.contacts; index += 1) {
        const phone = phoneOf(index);
        const conversation = await expectConversation(flow, surveyScript(index), {
          phone,
          name: `Tester ${index}`,
        });
        expected.set(phone, conversation.outbound.map(expectedText));
        drivers.set(
          phone,
          new ConversationDriver(
            conversation,
            '',
            () => distinct.get(phone)?.size ?? 0,
            async (event) => userSendsOf(stack, event),
          ),
        );
      }
      stack.fakeMeta.onSent((message: SentMessage) => {
        const to = `+${message.waId}`;
        const key = String(
          (message.body as Record<string, unknown>).biz_opaque_callback_data ?? message.wamid,
        );
        deliveries.push({ to, key, text: acceptedText(message.body as Record<string, unknown>) });
        deliveredAt.push(Date.now());
        const keys = distinct.get(to) ?? new Set<string>();
        keys.add(key);
        distinct.set(to, keys);
        void drivers.get(to)?.pump();
      });

      const notes: string[] = [];
      const started = Date.now();
      await Promise.all([...drivers.values()].map((driver) => driver.pump()));
      await sleep(scenario.faultAfterMs);
      const faultStarted = Date.now();
      await scenario.fault(stack, (line) =>
        notes.push(`${((Date.now() - started) / 1000).toFixed(1)} s: ${line}`),
      );
      const faultMs = Date.now() - faultStarted;

      const allDone = () => [...drivers.values()].every((driver) => driver.done);
      const deadline = Date.now() + scenario.finishWithinMs;
      while (!allDone() && Date.now() < deadline) await sleep(200);
      const finishedMs = Date.now() - started;
      const finished = allDone();
      await sleep(scenario.settleMs);

      const tally = tallyDeliveries(expected, deliveries);
      const completedRuns = await stack.scalar(
        `SELECT count(*) AS n FROM flow_runs WHERE status = 'completed'`,
      );
      const failedSends = await stack.scalar(
        `SELECT count(*) AS n FROM messages WHERE direction = 'out' AND status IN ('queued', 'failed')`,
      );
      const retriedWebhooks = stack.fakeMeta
        .webhookDeliveries()
        .filter((record) => record.attempts.length > 1).length;
      const duplicatedWebhooks = stack.fakeMeta
        .webhookDeliveries()
        .filter((record) => record.duplicate).length;
      const droppedWebhooks = stack.fakeMeta
        .webhookDeliveries()
        .filter((record) => record.outcome === 'dropped').length;
      const details = [
        ...notes,
        `messages accepted by the fake Meta per 10 s: ${perTenSeconds(deliveredAt, started).join(' ')}`,
      ];
      if (!finished) {
        const stuck = [...drivers.entries()].filter(([, driver]) => !driver.done).slice(0, 5);
        details.push(
          `NOT FINISHED within ${scenario.finishWithinMs / 1000} s after the fault; e.g. ${stuck
            .map(
              ([phone, driver]) =>
                `${phone}: ${driver.sentInputs} replies sent, ${distinct.get(phone)?.size ?? 0} messages`,
            )
            .join('; ')}`,
          await stateReport(stack),
        );
      }
      if (tally.wrongTranscripts.length)
        details.push(`wrong transcripts: ${tally.wrongTranscripts.slice(0, 10).join(', ')}`);
      details.push(`logs: ${stack.runDir}`);
      return [
        {
          name: scenario.name,
          metrics: {
            contacts: scenario.contacts,
            'messages expected': tally.expected,
            delivered: tally.delivered,
            lost: tally.lost,
            duplicated: tally.duplicated,
            'wrong transcripts': tally.wrongTranscripts.length,
            'runs completed': completedRuns,
            'sends left queued/failed': failedSends,
            'webhook POSTs duplicated by Meta': duplicatedWebhooks,
            'webhooks retried by Meta': retriedWebhooks,
            'webhooks dropped by Meta': droppedWebhooks,
            'fault s': Math.round(faultMs / 100) / 10,
            'all finished after s': finished ? Math.round(finishedMs / 100) / 10 : -1,
          },
          details,
        },
      ];
    },
  );
}
