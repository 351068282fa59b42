import { Writable } from 'node:stream';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { createEngineMetrics } from '@leadline/ops';
import { Registry } from 'prom-client';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import pino from 'pino';
import { aiJob, seedTenant, type SeededTenant } from '../../../libs/ai/test/support/ai-seed';
import { FakeAiServer, providerError } from '../../../libs/ai/test/support/fake-ai-server';
import { openAiCase } from '../../../libs/ai/test/support/provider-cases';
import { createAiActivity } from '../src/modules/activities/ai-activity.handler';
import { testConfig } from './support/test-config';

const SERVER_KEY = 'sk-worker-env-key-1234567890';

describe("the worker's ai activity (config wiring and logs)", () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let fake: FakeAiServer;
  let seeded: SeededTenant;
  const lines: string[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );

  const registry = new Registry();
  const metrics = createEngineMetrics(registry);
  const series = async (name: string, labels: Record<string, string>) => {
    const { values } = await registry.getSingleMetric(name)!.get();
    return values
      .filter((v) => Object.entries(labels).every(([key, value]) => v.labels[key] === value))
      .reduce((sum, v) => sum + v.value, 0);
  };

  function activity() {
    const config = testConfig({
      OPENAI_API_KEY: SERVER_KEY,
      OPENAI_BASE_URL: `${fake.origin}/v1`,
      OPENAI_MODEL: 'gpt-from-env',
    });
    const secrets = createSecretBoxFromBase64Keys({ current: config.security.encryptionKey });
    return createAiActivity({ config, prisma, secrets, logger, metrics, timeoutMs: 10_000, maxRetries: 0 });
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    fake = await FakeAiServer.start();
    seeded = await seedTenant(prisma);
  });

  afterAll(async () => {
    await fake?.stop();
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('calls the provider named by OPENAI_BASE_URL with OPENAI_API_KEY and OPENAI_MODEL', async () => {
    fake.respond(openAiCase.answer('We open at 8.'));
    const outcome = await activity()(aiJob(seeded, { text: 'what time do you open?' }));

    expect(outcome).toEqual({ ok: true, output: { text: 'We open at 8.' } });
    expect(fake.requests[0].path).toBe('/v1/chat/completions');
    expect(openAiCase.key(fake.requests[0])).toBe(SERVER_KEY);
    expect(fake.requests[0].body.model).toBe('gpt-from-env');
  });

  it("logs a failed call with its code and status, without the contact's words or the key", async () => {
    lines.length = 0;
    fake.respond(providerError(401, `Incorrect API key provided: ${SERVER_KEY}`));
    const outcome = await activity()(aiJob(seeded, { text: 'my secret question about invoices' }));

    expect(outcome).toEqual({
      ok: false,
      error: { code: 'AI_AUTH', message: 'OpenAI rejected the API key (HTTP 401).' },
    });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({
      level: 40,
      msg: 'AI step failed',
      ai: { code: 'AI_AUTH', status: 401, provider: 'openai', model: 'gpt-from-env', nodeId: 'answer' },
    });
    expect(lines[0]).not.toContain('secret question');
    expect(lines[0]).not.toContain(SERVER_KEY);
  });

  it('counts AI calls by provider, task and outcome, and the tokens they billed (no tenant label)', async () => {
    const ok = { provider: 'openai', task: 'reply', outcome: 'ok' };
    const auth = { provider: 'openai', task: 'reply', outcome: 'AI_AUTH' };
    const okBefore = await series('leadline_ai_calls_total', ok);
    const authBefore = await series('leadline_ai_calls_total', auth);
    const inputBefore = await series('leadline_ai_tokens_total', { provider: 'openai', direction: 'input' });
    fake.respond(openAiCase.answer('We open at 8.', { input: 120, output: 9 }));
    await activity()(aiJob(seeded, { text: 'what time do you open?' }));
    fake.respond(providerError(401, 'Incorrect API key provided'));
    await activity()(aiJob(seeded, { text: 'and on Sundays?' }));

    expect((await series('leadline_ai_calls_total', ok)) - okBefore).toBe(1);
    expect((await series('leadline_ai_calls_total', auth)) - authBefore).toBe(1);
    expect(
      (await series('leadline_ai_tokens_total', { provider: 'openai', direction: 'input' })) - inputBefore,
    ).toBe(120);
    expect(await registry.metrics()).not.toContain(seeded.tenantId);
  });
});
