import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { SignalWithStart } from '../../src/client/inbox-forwarder';
import { ContactMachine, initialMachineState } from '../../src/workflows/contact-machine';
import type {
  ContactActivities,
  ContactEventSignal,
  ContactWorkflowInput,
} from '../../src/workflows/contract';

interface Hosted {
  machine: ContactMachine;
  inbox: ContactEventSignal[];
  activitySeq: number;
  runId: string;
}

/**
 * Stands in for the Temporal server and worker in integration tests (no server can run here): each
 * signal-with-start goes to the contact's machine, the same one the workflow runs, and its
 * activities run for real inside MockActivityEnvironment with the activity info a worker would give
 * them. Signals are handled one at a time per contact, after the signal call returned, as Temporal does.
 */
export class InProcessHost implements SignalWithStart {
  readonly signals: Array<{ workflowId: string; signal: ContactEventSignal }> = [];
  readonly errors: unknown[] = [];
  private readonly hosted = new Map<string, Hosted>();
  private pending = Promise.resolve();

  constructor(private readonly activities: ContactActivities) {}

  async signalWithStart(
    _workflowType: string,
    options: { workflowId: string; args: [ContactWorkflowInput]; signalArgs: [ContactEventSignal] },
  ): Promise<void> {
    const [input] = options.args;
    const [signal] = options.signalArgs;
    this.signals.push({ workflowId: options.workflowId, signal });
    const hosted = this.hostFor(options.workflowId, input);
    hosted.inbox.push(signal);
    this.pending = this.pending
      .then(() => this.drain(hosted))
      .catch((error: unknown) => {
        this.errors.push(error);
      });
  }

  /** Resolves when every signal so far has been handled (including signals those caused). */
  async idle(): Promise<void> {
    for (;;) {
      const current = this.pending;
      await current;
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (current === this.pending) return;
    }
  }

  private hostFor(workflowId: string, input: ContactWorkflowInput): Hosted {
    const existing = this.hosted.get(workflowId);
    if (existing) return existing;
    const runId = randomUUID();
    const hosted: Hosted = {
      inbox: [],
      activitySeq: 0,
      runId,
      machine: undefined as unknown as ContactMachine,
    };
    const run = <K extends keyof ContactActivities>(name: K) =>
      ((arg: unknown) => {
        hosted.activitySeq += 1;
        const env = new MockActivityEnvironment(
          {
            activityId: String(hosted.activitySeq),
            activityType: name,
            workflowExecution: { workflowId, runId },
          },
          { logger: new DefaultLogger('ERROR') },
        );
        return env.run(this.activities[name] as (a: unknown) => Promise<unknown>, arg);
      }) as ContactActivities[K];
    hosted.machine = new ContactMachine(initialMachineState(input.tenantId, input.contactId), {
      newRunId: () => randomUUID(),
      now: () => new Date().toISOString(),
      routeInbound: run('routeInbound'),
      resolveLead: run('resolveLead'),
      adoptRuns: run('adoptRuns'),
      applyTransition: run('applyTransition'),
      runActivity: run('runActivity'),
    });
    this.hosted.set(workflowId, hosted);
    return hosted;
  }

  private async drain(hosted: Hosted): Promise<void> {
    for (let event = hosted.inbox.shift(); event; event = hosted.inbox.shift())
      await hosted.machine.handle(event);
  }
}
