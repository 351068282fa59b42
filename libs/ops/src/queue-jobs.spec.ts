import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { MalformedJobError, parseJobData } from './queue-jobs';

const schema = z.object({ tenantId: z.uuid(), mediaId: z.uuid() });
const TENANT = '3f1c6a52-8d0e-4c43-9a7e-2b5d1f0e9c11';

describe('parseJobData', () => {
  it('returns the payload as its schema types it, without fields the schema does not know', () => {
    expect(
      parseJobData(schema, {
        id: '1',
        queueName: 'media',
        data: { tenantId: TENANT, mediaId: TENANT, extra: true },
      }),
    ).toEqual({ tenantId: TENANT, mediaId: TENANT });
  });

  it('refuses a malformed payload with an unrecoverable error naming the job, the queue and the fields, not the values', () => {
    let thrown: unknown;
    try {
      parseJobData(schema, {
        id: 'j-9',
        queueName: 'media',
        data: { tenantId: 'sk-live-SECRET', mediaId: 5 },
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MalformedJobError);
    expect(thrown).toBeInstanceOf(UnrecoverableError); // BullMQ fails it without retrying
    const message = (thrown as Error).message;
    expect(message).toBe(
      'job j-9 on queue "media" set aside, not retried: malformed payload (tenantId: invalid_format; mediaId: invalid_type)',
    );
    expect(message).not.toContain('sk-live');
    expect((thrown as MalformedJobError).code).toBe('MALFORMED_JOB');
  });
});
