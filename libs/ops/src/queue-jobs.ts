import { UnrecoverableError } from 'bullmq';
import type { z } from 'zod';

/**
 * A queue job whose payload does not match its queue's schema. Redis is not a trusted boundary (a
 * job can be written by an older release, by hand, or by whoever reaches Redis), so every consumer
 * parses what it takes off a queue before acting on it. Such a job can never succeed: BullMQ moves it
 * to the failed set at once (UnrecoverableError), where it stays for inspection instead of being
 * retried for ever. Its message names the queue, the job and what was wrong, never the payload.
 */
export class MalformedJobError extends UnrecoverableError {
  readonly code = 'MALFORMED_JOB';

  constructor(queue: string, jobId: string | undefined, problems: string) {
    super(
      `job ${jobId ?? '(no id)'} on queue "${queue}" set aside, not retried: malformed payload (${problems})`,
    );
    this.name = 'MalformedJobError';
  }
}

/** Where and how a payload is wrong (paths and zod issue codes), without any of its values. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.code}`)
    .join('; ');
}

/** The job's payload as its schema types it; a MalformedJobError when it does not match. */
export function parseJobData<T>(
  schema: z.ZodType<T>,
  job: { id?: string; queueName: string; data: unknown },
): T {
  const parsed = schema.safeParse(job.data);
  if (parsed.success) return parsed.data;
  throw new MalformedJobError(job.queueName, job.id, describeIssues(parsed.error));
}
