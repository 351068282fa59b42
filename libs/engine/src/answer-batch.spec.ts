import type { Pool } from 'pg';
import { AnswerRecorder, type InlineAnswer } from './answer-batch';

/** A pool that keeps the values of each statement it is given and answers like RECORD_ANSWER_BATCH. */
function recordingPool(): { pool: Pool; values: unknown[][] } {
  const values: unknown[][] = [];
  const pool = {
    query: async (config: { values: unknown[] }) => {
      values.push(config.values);
      return { rows: [{ answered: 0, published: 0, marked: 0 }] };
    },
  } as unknown as Pool;
  return { pool, values };
}

function answer(outboxId: string, ids: string[]): InlineAnswer {
  return {
    tenantId: '00000000-0000-4000-8000-000000000001',
    outboxId,
    conversationId: `c0000000-0000-4000-8000-00000000000${outboxId}`,
    answers: ids.map((id) => ({ id, providerMessageId: `wamid.${id}`, at: new Date(0) })),
    read: null,
  };
}

describe('AnswerRecorder', () => {
  // The ingest applies statuses to messages in id order (ll_ingest_tenant_batch); answers sent in
  // another order could deadlock with it (answer-batch.ts write).
  it('sends a batch of answers in the messages id order, each with its own provider id', async () => {
    const { pool, values } = recordingPool();
    const recorder = new AnswerRecorder(pool);
    await Promise.all([
      recorder.record(
        answer('1', ['f0000000-0000-4000-8000-000000000000', 'B0000000-0000-4000-8000-000000000000']),
      ),
      recorder.record(
        answer('2', ['a0000000-0000-4000-8000-000000000000', 'c0000000-0000-4000-8000-000000000000']),
      ),
    ]);
    expect(values).toHaveLength(1);
    const [, ids, providerIds] = values[0] as [string, string[], string[]];
    expect(ids).toEqual([
      'a0000000-0000-4000-8000-000000000000',
      'B0000000-0000-4000-8000-000000000000',
      'c0000000-0000-4000-8000-000000000000',
      'f0000000-0000-4000-8000-000000000000',
    ]);
    expect(providerIds).toEqual(ids.map((id) => `wamid.${id}`));
  });
});
