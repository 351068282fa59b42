/**
 * Writes Temporal workflow histories as proto3 JSON (the format `temporal workflow show --output
 * json` and the Web UI export), for replay tests without a server. Event ids, activity ids and timer
 * ids are numbered the way the TypeScript SDK numbers them (activities, local ones included, and
 * timers count separately, from 1, per run), and the first completed workflow task declares the SDK flags that make replay
 * check activity types and ids (`coreUsedFlags` 1–3).
 */
export interface HistoryEvent {
  eventId: string;
  eventTime: string;
  eventType: string;
  [attributes: string]: unknown;
}

export interface HistoryJson {
  events: HistoryEvent[];
}

interface JsonPayload {
  metadata: { encoding: string };
  data?: string;
}

/** The marker name sdk-core records a local activity's result under (`LOCAL_ACTIVITY_MARKER_NAME`). */
export const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** The default data converter's encoding: JSON as json/plain, undefined as binary/null. */
export function jsonPayload(value: unknown): JsonPayload {
  if (value === undefined) return { metadata: { encoding: base64('binary/null') } };
  return { metadata: { encoding: base64('json/plain') }, data: base64(JSON.stringify(value)) };
}

export interface ScheduledActivity {
  activityId: string;
  scheduledEventId: number;
  type: string;
}

export interface StartedTimer {
  timerId: string;
  startedEventId: number;
}

export interface HistoryBuilderOptions {
  workflowType: string;
  taskQueue: string;
  /** ISO time of the first event; the workflow's clock follows the builder's time. */
  startAt: string;
  workflowTaskTimeout?: string;
}

export class HistoryBuilder {
  private readonly events: HistoryEvent[] = [];
  private time: number;
  private activitySeq = 0;
  private timerSeq = 0;
  private lastCompletedTask = 0;
  private flagged = false;

  constructor(private readonly options: HistoryBuilderOptions) {
    this.time = Date.parse(options.startAt);
  }

  /** Number of events so far; differences between two marks are what a step costs. */
  get length(): number {
    return this.events.length;
  }

  get now(): string {
    return new Date(this.time).toISOString();
  }

  advance(ms: number): this {
    this.time += ms;
    return this;
  }

  started(args: unknown[]): this {
    this.add('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED', 'workflowExecutionStartedEventAttributes', {
      workflowType: { name: this.options.workflowType },
      taskQueue: { name: this.options.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
      input: { payloads: args.map(jsonPayload) },
      workflowTaskTimeout: this.options.workflowTaskTimeout ?? '10s',
      originalExecutionRunId: '00000000-0000-4000-8000-000000000001',
      firstExecutionRunId: '00000000-0000-4000-8000-000000000001',
      attempt: 1,
    });
    return this;
  }

  signaled(signalName: string, ...args: unknown[]): this {
    this.add('EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED', 'workflowExecutionSignaledEventAttributes', {
      signalName,
      input: { payloads: args.map(jsonPayload) },
      identity: 'history-builder',
    });
    return this;
  }

  /** Scheduled, started and (unless `open`) completed: one workflow task, 3 events. */
  workflowTask(options: { open?: boolean; suggestContinueAsNew?: boolean } = {}): this {
    const scheduled = this.add('EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', 'workflowTaskScheduledEventAttributes', {
      taskQueue: { name: this.options.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
      startToCloseTimeout: '10s',
    });
    const started = this.add('EVENT_TYPE_WORKFLOW_TASK_STARTED', 'workflowTaskStartedEventAttributes', {
      scheduledEventId: String(scheduled),
      ...(options.suggestContinueAsNew ? { suggestContinueAsNew: true } : {}),
    });
    if (options.open) return this;
    this.lastCompletedTask = this.add(
      'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
      'workflowTaskCompletedEventAttributes',
      {
        scheduledEventId: String(scheduled),
        startedEventId: String(started),
        ...(this.flagged ? {} : { sdkMetadata: { coreUsedFlags: [1, 2, 3] } }),
      },
    );
    this.flagged = true;
    return this;
  }

  activityScheduled(type: string, args: unknown[] = []): ScheduledActivity {
    const activityId = String((this.activitySeq += 1));
    const scheduledEventId = this.add(
      'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
      'activityTaskScheduledEventAttributes',
      {
        activityId,
        activityType: { name: type },
        taskQueue: { name: this.options.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
        input: { payloads: args.map(jsonPayload) },
        workflowTaskCompletedEventId: String(this.lastCompletedTask),
      },
    );
    return { activityId, scheduledEventId, type };
  }

  activityCompleted(activity: ScheduledActivity, result?: unknown): this {
    const started = this.activityStarted(activity);
    this.add('EVENT_TYPE_ACTIVITY_TASK_COMPLETED', 'activityTaskCompletedEventAttributes', {
      scheduledEventId: String(activity.scheduledEventId),
      startedEventId: String(started),
      result: { payloads: [jsonPayload(result)] },
    });
    return this;
  }

  /** The last attempt failed (retries exhausted or a non-retryable error type). */
  activityFailed(
    activity: ScheduledActivity,
    failure: { message: string; type: string; nonRetryable?: boolean },
  ): this {
    const started = this.activityStarted(activity);
    this.add('EVENT_TYPE_ACTIVITY_TASK_FAILED', 'activityTaskFailedEventAttributes', {
      scheduledEventId: String(activity.scheduledEventId),
      startedEventId: String(started),
      failure: {
        message: failure.message,
        source: 'TypeScriptSDK',
        applicationFailureInfo: { type: failure.type, nonRetryable: failure.nonRetryable ?? true },
      },
      retryState:
        failure.nonRetryable === false
          ? 'RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED'
          : 'RETRY_STATE_NON_RETRYABLE_FAILURE',
    });
    return this;
  }

  /**
   * A local activity's result as sdk-core records it: one `core_local_activity` marker whose details
   * hold the marker data (JSON with sdk-core's field names) and the result payload. Local and regular
   * activities share the TypeScript SDK's sequence, so the activity id is the next number of both.
   * With `failure`, the local activity failed for good (retries exhausted or a non-retryable type).
   */
  localActivity(
    type: string,
    outcome: { result?: unknown } | { failure: { message: string; type: string; nonRetryable?: boolean } },
  ): this {
    const seq = (this.activitySeq += 1);
    const seconds = Math.floor(this.time / 1000);
    const data = {
      seq,
      attempt: 1,
      activity_id: String(seq),
      activity_type: type,
      complete_time: { seconds, nanos: (this.time - seconds * 1000) * 1_000_000 },
      backoff: null,
      original_schedule_time: null,
    };
    const failed = 'failure' in outcome;
    this.add('EVENT_TYPE_MARKER_RECORDED', 'markerRecordedEventAttributes', {
      markerName: LOCAL_ACTIVITY_MARKER,
      details: {
        data: { payloads: [jsonPayload(data)] },
        ...(failed ? {} : { result: { payloads: [jsonPayload(outcome.result)] } }),
      },
      workflowTaskCompletedEventId: String(this.lastCompletedTask),
      ...(failed
        ? {
            failure: {
              message: outcome.failure.message,
              source: 'TypeScriptSDK',
              applicationFailureInfo: {
                type: outcome.failure.type,
                nonRetryable: outcome.failure.nonRetryable ?? true,
              },
            },
          }
        : {}),
    });
    return this;
  }

  timerStarted(ms: number): StartedTimer {
    const timerId = String((this.timerSeq += 1));
    const startedEventId = this.add('EVENT_TYPE_TIMER_STARTED', 'timerStartedEventAttributes', {
      timerId,
      startToFireTimeout: `${ms / 1000}s`,
      workflowTaskCompletedEventId: String(this.lastCompletedTask),
    });
    return { timerId, startedEventId };
  }

  timerFired(timer: StartedTimer): this {
    this.add('EVENT_TYPE_TIMER_FIRED', 'timerFiredEventAttributes', {
      timerId: timer.timerId,
      startedEventId: String(timer.startedEventId),
    });
    return this;
  }

  timerCanceled(timer: StartedTimer): this {
    this.add('EVENT_TYPE_TIMER_CANCELED', 'timerCanceledEventAttributes', {
      timerId: timer.timerId,
      startedEventId: String(timer.startedEventId),
      workflowTaskCompletedEventId: String(this.lastCompletedTask),
      identity: 'history-builder',
    });
    return this;
  }

  continuedAsNew(args: unknown[]): this {
    this.add(
      'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW',
      'workflowExecutionContinuedAsNewEventAttributes',
      {
        newExecutionRunId: '00000000-0000-4000-8000-000000000002',
        workflowType: { name: this.options.workflowType },
        taskQueue: { name: this.options.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
        input: { payloads: args.map(jsonPayload) },
        workflowRunTimeout: '0s',
        workflowTaskTimeout: this.options.workflowTaskTimeout ?? '10s',
        workflowTaskCompletedEventId: String(this.lastCompletedTask),
      },
    );
    return this;
  }

  completed(result?: unknown): this {
    this.add('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED', 'workflowExecutionCompletedEventAttributes', {
      result: { payloads: [jsonPayload(result)] },
      workflowTaskCompletedEventId: String(this.lastCompletedTask),
    });
    return this;
  }

  toJSON(): HistoryJson {
    return { events: this.events.map((event) => ({ ...event })) };
  }

  /** Short names of the events from `from` (an earlier `length`), for reading a step's cost. */
  eventTypes(from = 0): string[] {
    return this.events.slice(from).map((event) => shortName(event.eventType));
  }

  private activityStarted(activity: ScheduledActivity): number {
    return this.add('EVENT_TYPE_ACTIVITY_TASK_STARTED', 'activityTaskStartedEventAttributes', {
      scheduledEventId: String(activity.scheduledEventId),
      attempt: 1,
      identity: 'history-builder',
    });
  }

  private add(eventType: string, key: string, attributes: Record<string, unknown>): number {
    const eventId = this.events.length + 1;
    this.events.push({
      eventId: String(eventId),
      eventTime: new Date(this.time).toISOString(),
      eventType,
      taskId: String(1_048_576 + eventId),
      [key]: attributes,
    });
    return eventId;
  }
}

/** EVENT_TYPE_WORKFLOW_TASK_STARTED → WorkflowTaskStarted */
export function shortName(eventType: string): string {
  return eventType
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_match, _sep, letter: string) => letter.toUpperCase());
}
