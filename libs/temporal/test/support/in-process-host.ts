import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { SignalWithStart } from '../../src/client/inbox-forwarder';
import {
  NON_RETRYABLE,
  type ContactActivities,
  type ContactWake,
  type ContactWorkflowInput,
} from '../../src/workflows/contract';

interface Hosted {
  input: ContactWorkflowInput;
  wakes: number;
  activitySeq: number;
  runId: string;
  ended?: 'erased';
}

/**
 * Stands in for the Temporal server and worker in integration tests (no server can run here): each
 * signal-with-start wakes the contact's mailbox, which makes the same calls the workflow makes, in
 * the same order (processContact, then each send batch one after another, then the steps; again
 * while woken), and the activities run for real inside MockActivityEnvironment with the activity
 * info a worker would give them (attempt numbers included: `attempts` retries an activity the way
 * Temporal's retry policy would). Timers are not scheduled here: tests call fireTimers themselves.
 */
export class InProcessHost implements SignalWithStart {
  readonly signals: Array<{ workflowId: string; signal: ContactWake }> = [];
  readonly calls: string[] = [];
  readonly errors: unknown[] = [];
  private readonly hosted = new Map<string, Hosted>();
  private pending = Promise.resolve();

  constructor(
    private readonly activities: ContactActivities,
    /** Attempts per activity before the host gives up (Temporal: the workflow's retry policy). */
    private readonly attempts: Partial<Record<keyof ContactActivities, number>> = {},
  ) {}

  async signalWithStart(
    _workflowType: string,
    options: { workflowId: string; args: [ContactWorkflowInput]; signalArgs: [ContactWake] },
  ): Promise<void> {
    const [input] = options.args;
    const [signal] = options.signalArgs;
    this.signals.push({ workflowId: options.workflowId, signal });
    const hosted = this.hostFor(options.workflowId, input);
    hosted.wakes += 1;
    this.pending = this.pending
      .then(() => this.drain(options.workflowId, hosted))
      .catch((error: unknown) => {
        this.errors.push(error);
      });
  }

  /** Resolves when every wake so far has been handled (including wakes those caused). */
  async idle(): Promise<void> {
    for (;;) {
      const current = this.pending;
      await current;
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (current === this.pending) return;
    }
  }

  ended(workflowId: string): string | undefined {
    return this.hosted.get(workflowId)?.ended;
  }

  private hostFor(workflowId: string, input: ContactWorkflowInput): Hosted {
    const existing = this.hosted.get(workflowId);
    if (existing && !existing.ended) return existing;
    const hosted: Hosted = { input, wakes: 0, activitySeq: 0, runId: randomUUID() };
    this.hosted.set(workflowId, hosted);
    return hosted;
  }

  /** Runs one activity with Temporal's retries (attempt 1, 2, ... up to its budget). */
  async run<K extends keyof ContactActivities>(
    workflowId: string,
    hosted: Hosted,
    name: K,
    arg: Parameters<ContactActivities[K]>[0],
  ): Promise<Awaited<ReturnType<ContactActivities[K]>>> {
    hosted.activitySeq += 1;
    const budget = this.attempts[name] ?? 1;
    for (let attempt = 1; ; attempt++) {
      this.calls.push(name);
      const env = new MockActivityEnvironment(
        {
          activityId: String(hosted.activitySeq),
          activityType: name,
          attempt,
          workflowExecution: { workflowId, runId: hosted.runId },
        },
        { logger: new DefaultLogger('ERROR') },
      );
      try {
        const fn = this.activities[name] as unknown as (a: unknown) => Promise<unknown>;
        return (await env.run(fn as never, arg as never)) as Awaited<ReturnType<ContactActivities[K]>>;
      } catch (error) {
        const nonRetryable = error instanceof ApplicationFailure && error.nonRetryable;
        if (nonRetryable || attempt >= budget) throw error;
      }
    }
  }

  private async drain(workflowId: string, hosted: Hosted): Promise<void> {
    const ref = { tenantId: hosted.input.tenantId, contactId: hosted.input.contactId };
    try {
      while (hosted.wakes > 0 && !hosted.ended) {
        hosted.wakes = 0;
        const result = await this.run(workflowId, hosted, 'processContact', ref);
        if (result.more) hosted.wakes += 1;
        for (const batch of result.sends)
          await this.run(workflowId, hosted, 'sendBatch', { ...ref, batch }).catch((error: unknown) =>
            this.errors.push(error),
          );
        for (const call of result.steps) {
          await this.run(workflowId, hosted, 'runStep', { ...ref, call }).catch((error: unknown) =>
            this.errors.push(error),
          );
          hosted.wakes += 1;
        }
      }
    } catch (error) {
      if (error instanceof ApplicationFailure && error.type === NON_RETRYABLE.contactErased) {
        hosted.ended = 'erased';
        return;
      }
      throw error;
    }
  }
}
