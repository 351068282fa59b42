import { Client, Connection } from '@temporalio/client';
import type { PrismaClient } from '@leadline/database';
import {
  EngineClient,
  systemClock,
  WAKE_TIMEOUT_MS,
  type Clock,
  type FlowEngineClient,
  type IngestOutcome,
  type LeadInput,
  type RunControlAction,
} from '@leadline/engine';
import type { ChannelEvent } from '@leadline/whatsapp';
import { inboxForwarder, type SignalWithStart } from './inbox-forwarder';

export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
}

/**
 * A webhook or an API call never waits long for Temporal (the client retries an unreachable server
 * for about 20 s): the events are recorded, and a forward that gives up leaves them for the sweep.
 */
async function withTimeout(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Temporal did not answer within ${ms} ms`)), ms);
  });
  work.catch(() => undefined); // its failure after the timeout is expected and already reported
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The API's engine when LEADLINE_ENGINE=temporal. Recording is exactly the embedded engine's (the
 * contact's inbox in PostgreSQL: dedupe, statuses, opt-out); instead of waking a BullMQ worker, the
 * contact's pending events are signalled to its workflow. A Temporal outage never loses an event:
 * it stays pending and the worker's sweep forwards it.
 */
export class TemporalEngineClient implements FlowEngineClient {
  private readonly recorder: EngineClient;

  constructor(
    prisma: PrismaClient,
    client: SignalWithStart,
    taskQueue: string,
    clock: Clock = systemClock,
    onForwardError: (error: unknown) => void = () => undefined,
    forwardTimeoutMs = WAKE_TIMEOUT_MS,
  ) {
    const forward = inboxForwarder(prisma, client, taskQueue);
    this.recorder = new EngineClient(
      prisma,
      (tenantId, contactId) => withTimeout(forward(tenantId, contactId), forwardTimeoutMs),
      clock,
      onForwardError,
    );
  }

  /** Connects lazily: the gRPC connection is opened on the first signal, not at start-up. */
  static connect(
    prisma: PrismaClient,
    settings: TemporalSettings,
    onForwardError?: (error: unknown) => void,
  ): { engine: TemporalEngineClient; close: () => Promise<void> } {
    const connection = Connection.lazy({ address: settings.address });
    const client = new Client({ connection, namespace: settings.namespace });
    return {
      engine: new TemporalEngineClient(
        prisma,
        client.workflow,
        settings.taskQueue,
        systemClock,
        onForwardError,
      ),
      close: () => connection.close(),
    };
  }

  ingest(event: ChannelEvent): Promise<IngestOutcome> {
    return this.recorder.ingest(event);
  }

  submitLead(input: LeadInput): Promise<{ contactId: string; accepted: boolean }> {
    return this.recorder.submitLead(input);
  }

  control(tenantId: string, runId: string, action: RunControlAction): Promise<boolean> {
    return this.recorder.control(tenantId, runId, action);
  }
}
