import { join } from 'node:path';
import { z } from 'zod';
import {
  ActivityDefinitionError,
  ActivityFailure,
  ActivityRegistry,
  activityIdempotencyKey,
  defineActivity,
  fromText,
  loadActivityRegistry,
  manifestEntry,
  testActivity,
} from './index';

const double = defineActivity({
  name: 'double',
  title: 'Double a number',
  description: 'Multiplies by two.',
  input: z.object({ value: z.number().describe('The number'), label: z.string().optional() }),
  output: z.object({ result: z.number() }),
  timeout: '2s',
  retry: { attempts: 4, backoff: '5s' },
  run: ({ value }) => ({ result: value * 2 }),
});

describe('defineActivity', () => {
  it('parses the timeout and retry into milliseconds and keeps the declared secrets', () => {
    const definition = defineActivity({
      name: 'crm.lookup',
      title: 'Look up',
      description: 'Finds a contact.',
      input: z.object({}),
      output: z.object({}),
      secrets: ['crm_token'],
      run: () => ({}),
    });
    expect(double.timeoutMs).toBe(2000);
    expect(double.retry).toEqual({ attempts: 4, backoffMs: 5000 });
    expect(definition.timeoutMs).toBe(30_000);
    expect(definition.retry).toEqual({ attempts: 3, backoffMs: 2000 });
    expect(definition.secrets).toEqual(['crm_token']);
  });

  it.each([
    [{ name: 'Bad Name' }, /name must be lowercase/],
    [{ title: ' ' }, /title is required/],
    [{ timeout: 'soon' }, /timeout must be a duration/],
    [{ retry: { attempts: 9 } }, /retry.attempts must be a whole number from 1 to 8, got 9/],
    [{ secrets: ['crm-token'] }, /secret name "crm-token" is not valid/],
    [{ input: {} }, /input must be a zod schema/],
  ])('refuses %o with a message saying what is wrong', (override, message) => {
    expect(() =>
      defineActivity({
        name: 'ok',
        title: 'Ok',
        description: 'Fine.',
        input: z.object({}),
        output: z.object({}),
        run: () => ({}),
        ...(override as object),
      }),
    ).toThrow(message);
  });
});

describe('executeActivity (through testActivity)', () => {
  it('runs with the parsed input and returns the checked output', async () => {
    await expect(testActivity(double, { value: 21 })).resolves.toEqual({ ok: true, output: { result: 42 } });
  });

  it('refuses bad input before running, naming each field at fault', async () => {
    const run = jest.fn();
    const guarded = defineActivity({ ...double, timeout: 1000, retry: { attempts: 1 }, run });
    const result = await testActivity(guarded, { value: 'twenty', label: 3 });
    expect(result).toMatchObject({ ok: false, code: 'ACTIVITY_INPUT_INVALID', retryable: false });
    expect(!result.ok && result.message).toMatch(
      /^The input of "double" is not valid: value: .*number.*; label: .*string/,
    );
    expect(run).not.toHaveBeenCalled();
  });

  it('times out, fires the signal and reports ACTIVITY_TIMEOUT as retryable', async () => {
    let aborted = false;
    const slow = defineActivity({
      name: 'slow',
      title: 'Slow',
      description: 'Never answers.',
      input: z.object({}),
      output: z.object({}),
      timeout: 50,
      run: (_input, ctx) =>
        new Promise((resolve) => {
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            setTimeout(() => resolve({}), 10);
          });
        }),
    });
    const result = await testActivity(slow, {});
    expect(result).toEqual({
      ok: false,
      code: 'ACTIVITY_TIMEOUT',
      message: '"slow" did not finish within 50 ms.',
      retryable: true,
    });
    expect(aborted).toBe(true);
  });

  it('reports a thrown error as retryable and an ActivityFailure as final, with its code', async () => {
    const throwing = (error: Error) =>
      defineActivity({
        name: 'boom',
        title: 'Boom',
        description: 'Fails.',
        input: z.object({}),
        output: z.object({}),
        run: () => {
          throw error;
        },
      });
    await expect(testActivity(throwing(new Error('CRM is down')), {})).resolves.toMatchObject({
      ok: false,
      code: 'ACTIVITY_FAILED',
      message: '"boom" failed: CRM is down',
      retryable: true,
    });
    await expect(
      testActivity(throwing(new ActivityFailure('No such lead', 'LEAD_NOT_FOUND')), {}),
    ).resolves.toEqual({
      ok: false,
      code: 'LEAD_NOT_FOUND',
      message: 'No such lead',
      retryable: false,
    });
  });

  it('refuses an output that does not match the declared schema', async () => {
    const liar = defineActivity({ ...double, run: () => ({ result: 'many' }) as never });
    await expect(testActivity(liar, { value: 1 })).resolves.toMatchObject({
      ok: false,
      code: 'ACTIVITY_OUTPUT_INVALID',
      message: expect.stringMatching(/^"double" returned an output that does not match its schema: result: /),
    });
  });
});

describe('manifest', () => {
  it('gives the editor JSON Schemas of input and output, with title, description and limits', () => {
    expect(manifestEntry(double)).toEqual({
      name: 'double',
      title: 'Double a number',
      description: 'Multiplies by two.',
      input: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { value: { type: 'number', description: 'The number' }, label: { type: 'string' } },
        required: ['value'],
      },
      output: expect.objectContaining({
        type: 'object',
        properties: { result: { type: 'number' } },
        required: ['result'],
      }),
      secrets: [],
      timeoutMs: 2000,
      retry: { attempts: 4, backoffMs: 5000 },
    });
  });

  it('lists a registry by name and refuses two activities with one name', () => {
    const registry = new ActivityRegistry();
    registry.add(double);
    const other = defineActivity({ ...double, name: 'add', title: 'Add', run: () => ({ result: 0 }) });
    registry.add(other, '"./mine.js"');
    expect(registry.manifest().activities.map((entry) => entry.name)).toEqual(['add', 'double']);
    expect(() => registry.add(double, '"./again.js"')).toThrow(
      'activity "double" is defined twice (in built-in and in "./again.js"); names must be unique',
    );
  });
});

describe('loadActivityRegistry', () => {
  const cwd = join(__dirname, '..', 'test', 'fixtures');

  it('registers the built-ins and every activity a configured module exports', () => {
    const registry = loadActivityRegistry({ builtIns: [double], modules: ['./greeting.activity'], cwd });
    expect(registry.names()).toEqual(['double', 'greet']);
  });

  it('stops with a message naming a module that is missing or exports no activity', () => {
    expect(() => loadActivityRegistry({ modules: ['./missing.js'], cwd })).toThrow(
      /^LEADLINE_ACTIVITIES: cannot load "\.\/missing\.js": /,
    );
    expect(() => loadActivityRegistry({ modules: ['./empty.module'], cwd })).toThrow(
      new ActivityDefinitionError(
        'LEADLINE_ACTIVITIES: "./empty.module" exports no activity (export what defineActivity returns)',
      ),
    );
  });
});

describe('activityIdempotencyKey', () => {
  it('is the same for one call and different for another', () => {
    const call = { tenantId: 't1', runId: 'r1', requestId: 'act:1' };
    expect(activityIdempotencyKey(call)).toBe(activityIdempotencyKey({ ...call }));
    expect(activityIdempotencyKey(call)).not.toBe(activityIdempotencyKey({ ...call, requestId: 'act:2' }));
    expect(activityIdempotencyKey(call)).toMatch(/^leadline-[0-9a-f]{40}$/);
  });
});

describe('fromText', () => {
  const schema = z.object({
    budget: fromText.number(z.number().min(1)),
    rooms: fromText.number(z.number().int().optional()),
    urgent: fromText.boolean(z.boolean().default(false)),
  });

  it('reads interpolated text as numbers and booleans, empty text as absent', () => {
    expect(schema.parse({ budget: ' 5000 ', rooms: '', urgent: 'Yes' })).toEqual({
      budget: 5000,
      urgent: true,
    });
    expect(schema.parse({ budget: 12, urgent: '' })).toEqual({ budget: 12, urgent: false });
  });

  it('still refuses text that is no number, naming the field', () => {
    const result = schema.safeParse({ budget: 'lots' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['budget'], code: 'invalid_type' });
  });
});
