import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import type { PrismaClient } from '@leadline/database';
import {
  EngineClient,
  systemClock,
  WAKE_TIMEOUT_MS,
  type ChannelScope,
  type Clock,
  type FlowEngineClient,
  type IngestOutcome,
  type LeadInput,
  type RunControlAction,
} from '@leadline/engine';
import type { ChannelEvent } from '@leadline/whatsapp';
import type { PayloadCodec } from '@temporalio/common';
import { AesGcmPayloadCodec } from '../codec/aes-gcm-codec';
import { eraseContactExecutions, isNotFound, type ExecutionAdmin } from './erase-executions';
import { inboxForwarder, type SignalWithStart } from './inbox-forwarder';

/** gRPC tries per forward from the API (the SDK's default is 10, about 20 s against a dead server). */
const FORWARD_ATTEMPTS = 3;
/** Longest wait at close for forwards still under way. */
const CLOSE_WAIT_MS = 10_000;

export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  /** TLS on the connection (Temporal Cloud). */
  tls?: boolean;
  /** Temporal Cloud API key (sent as a bearer token; implies TLS). */
  apiKey?: string;
  /** Base64 AES-256 key: payloads are sealed with the codec (see codec/aes-gcm-codec.ts). */
  payloadKey?: string;
  /** Start workflows with the tenant and contact search attributes (registered in the namespace). */
  searchAttributes?: boolean;
}

/** Connection and data-converter options from the settings, shared by the API's and the worker's clients. */
export function connectionOptions(settings: TemporalSettings): { tls?: true; apiKey?: string } {
  return {
    ...(settings.tls || settings.apiKey ? { tls: true as const } : {}),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  };
}

export function dataConverter(settings: TemporalSettings): { payloadCodecs: PayloadCodec[] } | undefined {
  return settings.payloadKey ? { payloadCodecs: [new AesGcmPayloadCodec([settings.payloadKey])] } : undefined;
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
 * contact's workflow is woken (a signal without the event: it reads the inbox itself). A Temporal
 * outage never loses an event: it stays pending and the worker's sweep wakes the contact.
 */
export class TemporalEngineClient implements FlowEngineClient {
  private readonly recorder: EngineClient;
  /** Wakes the contact's workflow (bounded by the forward timeout); rejects when Temporal is away. */
  readonly wakeContact: (tenantId: string, contactId: string) => Promise<void>;

  constructor(
    prisma: PrismaClient,
    client: SignalWithStart,
    taskQueue: string,
    clock: Clock = systemClock,
    onForwardError: (error: unknown) => void = () => undefined,
    forwardTimeoutMs = WAKE_TIMEOUT_MS,
    private readonly admin?: ExecutionAdmin,
    searchAttributes = false,
  ) {
    const forward = inboxForwarder(prisma, client, taskQueue, { searchAttributes });
    this.wakeContact = (tenantId, contactId) =>
      withTimeout(forward(tenantId, contactId, 'outbox'), forwardTimeoutMs);
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
    const connection = Connection.lazy({
      address: settings.address,
      ...connectionOptions(settings),
      // A forward that fails is left for the worker's sweep, so the SDK need not retry for ~20 s;
      // a few quick tries keep a request short and let calls settle before the channel is closed.
      interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: FORWARD_ATTEMPTS }))],
    });
    const converter = dataConverter(settings);
    const client = new Client({
      connection,
      namespace: settings.namespace,
      ...(converter ? { dataConverter: converter } : {}),
    });
    const inFlight = new Set<Promise<unknown>>();
    const tracked: SignalWithStart = {
      signalWithStart(workflowType, options) {
        const call = client.workflow.signalWithStart(workflowType, options);
        inFlight.add(call);
        void call.catch(() => undefined).finally(() => inFlight.delete(call));
        return call;
      },
    };
    const admin: ExecutionAdmin = {
      async *list(query) {
        for await (const execution of client.workflow.list({ query }))
          yield { workflowId: execution.workflowId, runId: execution.runId };
      },
      async delete(workflowId, runId) {
        await client.workflowService
          .deleteWorkflowExecution({
            namespace: settings.namespace,
            workflowExecution: { workflowId, ...(runId ? { runId } : {}) },
          })
          .catch((error: unknown) => {
            if (!isNotFound(error)) throw error;
          });
      },
    };
    return {
      engine: new TemporalEngineClient(
        prisma,
        tracked,
        settings.taskQueue,
        systemClock,
        onForwardError,
        WAKE_TIMEOUT_MS,
        admin,
        settings.searchAttributes ?? false,
      ),
      // The SDK's retry timers call into the channel; closing it under them throws "Channel has been
      // shut down" from a timer (an uncaught error), so in-flight calls finish first, within a bound.
      close: async () => {
        await withTimeout(Promise.allSettled([...inFlight]), CLOSE_WAIT_MS).catch(() => undefined);
        await connection.close();
      },
    };
  }

  /** After a contact's erasure: terminate and delete its workflow executions (see erase-executions.ts). */
  async forgetContact(tenantId: string, contactId: string): Promise<void> {
    if (this.admin) await eraseContactExecutions(this.admin, tenantId, contactId);
  }

  ingest(event: ChannelEvent, scope?: ChannelScope): Promise<IngestOutcome> {
    return this.recorder.ingest(event, scope);
  }

  submitLead(input: LeadInput): Promise<{ contactId: string; accepted: boolean }> {
    return this.recorder.submitLead(input);
  }

  control(tenantId: string, runId: string, action: RunControlAction): Promise<boolean> {
    return this.recorder.control(tenantId, runId, action);
  }
}
