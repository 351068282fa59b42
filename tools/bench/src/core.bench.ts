import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { step, validateFlow, type Flow, type RunEvent, type RunState } from '@leadline/flow-core';
import { percentile, type BenchResult } from './bench-report';

const FLOW_FILE = join(__dirname, '..', '..', '..', 'flows', 'lead-capture.flow.json');
const REPLIES = ['Ana Sousa', 'not sure', '12000', 'ana@example.com'];

/** One conversation of the lead-capture example through step(): start, then the contact's replies. */
async function conversation(flow: Flow, index: number, latencies: number[]): Promise<number> {
  const base = Date.parse('2026-01-05T09:00:00Z') + index * 1000;
  const at = (offset: number) => new Date(base + offset * 1000).toISOString();
  const events: RunEvent[] = [
    {
      type: 'start',
      runId: `bench-${index}`,
      trigger: 'keyword',
      contact: { phone: '+27740000001', name: 'Ana' },
      message: { type: 'text', text: 'hi', at: at(0) },
    },
    { type: 'inbound', message: { type: 'text', text: REPLIES[0], at: at(5) } },
    { type: 'inbound', message: { type: 'button', buttonId: 'home', text: 'Home solar', at: at(10) } },
    ...REPLIES.slice(1).map((text, i) => ({
      type: 'inbound' as const,
      message: { type: 'text' as const, text, at: at(15 + i * 5) },
    })),
  ];
  let state: RunState | null = null;
  for (const event of events) {
    const started = process.hrtime.bigint();
    const transition = await step(
      flow,
      state,
      event,
      event.type === 'start' ? at(0) : event.type === 'inbound' ? event.message.at : at(60),
    );
    latencies.push(Number(process.hrtime.bigint() - started) / 1000);
    state = transition.state;
  }
  if (state?.status !== 'handoff')
    throw new Error(`bench conversation ended as ${state?.status}, expected handoff`);
  return events.length;
}

/** Interpreter throughput on one core: events applied per second, and the cost of one step. */
export async function benchCore(options: { conversations: number }): Promise<BenchResult> {
  const validation = validateFlow(JSON.parse(readFileSync(FLOW_FILE, 'utf8')));
  if (!validation.flow) throw new Error('lead-capture example is invalid');
  const flow = validation.flow;
  const warmup: number[] = [];
  for (let i = 0; i < 200; i += 1) await conversation(flow, i, warmup);
  const latencies: number[] = [];
  let events = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < options.conversations; i += 1) events += await conversation(flow, i, latencies);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    name: 'core: interpreter (lead-capture, 1 core)',
    metrics: {
      conversations: options.conversations,
      events: events,
      'events/s': Math.round(events / seconds),
      'p50 µs/event': Math.round(percentile(latencies, 50)),
      'p99 µs/event': Math.round(percentile(latencies, 99)),
    },
    notes: 'step() only: no database, queue or network; JSONata expressions and answer parsing included',
  };
}
