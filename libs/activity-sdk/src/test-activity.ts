import pino from 'pino';
import type { ActivityDefinition } from './define-activity';
import { executeActivity, type Execution, type ExecutionContext } from './execute-activity';

/**
 * Runs one attempt of an activity the way the worker does (input and output checked, timeout
 * enforced), with a quiet logger and no network unless `fetch` is given. For activity unit tests.
 */
export function testActivity(
  definition: ActivityDefinition,
  input: unknown,
  context: Partial<ExecutionContext> = {},
): Promise<Execution> {
  return executeActivity(definition, input, {
    logger: pino({ level: 'silent' }),
    tenant: { id: '00000000-0000-4000-8000-000000000000', settings: {} },
    secrets: {},
    idempotencyKey: 'leadline-test',
    attempt: 1,
    run: { id: 'test-run', nodeId: 'test-node', contactId: 'test-contact' },
    fetch: () => Promise.reject(new Error('no network in testActivity: pass a `fetch`')),
    ...context,
  });
}
