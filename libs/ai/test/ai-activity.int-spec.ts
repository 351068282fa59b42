import { randomBytes } from 'node:crypto';
import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import type { ActivityHandler } from '@leadline/engine';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import {
  aiUsageSummary,
  createAiActivityHandler,
  replySystem,
  writeTenantSecret,
  type AiDefaults,
  type AiFailure,
} from '../src';
import { addMessage, aiJob, seedTenant, type SeededTenant } from './support/ai-seed';
import { FakeAiServer, providerError } from './support/fake-ai-server';
import { geminiCase, openAiCase } from './support/provider-cases';

const TENANT_OPENAI_KEY = 'sk-tenant-openai-0123456789';
const TENANT_GEMINI_KEY = 'AIzaTenantGemini0123456789';
const SERVER_OPENAI_KEY = 'sk-server-openai-9876543210';
const NOW = new Date('2026-03-10T10:00:00Z');

function newBox() {
  return createSecretBoxFromBase64Keys({ current: randomBytes(32).toString('base64') });
}

describe('the ai activity handler (PostgreSQL, loopback providers)', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let openai: FakeAiServer;
  let gemini: FakeAiServer;
  const box = newBox();
  const failures: AiFailure[] = [];
  let own: SeededTenant;
  let bare: SeededTenant;

  function handler(serverKeys: { openai?: string; gemini?: string } = {}): ActivityHandler {
    const defaults: AiDefaults = {
      openai: { apiKey: serverKeys.openai, baseUrl: `${openai.origin}/v1`, model: 'gpt-server-default' },
      gemini: {
        apiKey: serverKeys.gemini,
        baseUrl: `${gemini.origin}/v1beta`,
        model: 'gemini-server-default',
      },
    };
    return createAiActivityHandler({
      prisma,
      secrets: box,
      defaults,
      clock: { now: () => NOW },
      timeoutMs: 10_000, // no test here is about the timeout: room for a loaded machine
      maxRetries: 1,
      retryBaseDelayMs: 10,
      onError: (_error, failure) => failures.push(failure),
    });
  }

  async function usageRows(tenantId: string) {
    return withTenant(prisma, tenantId, (tx) => tx.aiUsage.findMany({ orderBy: { id: 'asc' } }));
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    openai = await FakeAiServer.start();
    gemini = await FakeAiServer.start();
    own = await seedTenant(prisma, {
      settings: { ai: { openaiModel: 'gpt-tenant', geminiModel: 'gemini-tenant' } },
      secrets: { openai_api_key: TENANT_OPENAI_KEY, gemini_api_key: TENANT_GEMINI_KEY },
      box,
    });
    bare = await seedTenant(prisma);
    await addMessage(prisma, own, { direction: 'in', text: 'Hi' });
    await addMessage(prisma, own, { direction: 'out', text: 'Hello Ana! How can I help?' });
    await addMessage(prisma, own, { direction: 'out', text: 'This one never arrived', status: 'failed' });
    await addMessage(prisma, own, { direction: 'in', text: 'When are you open?' });
  });

  afterAll(async () => {
    await openai?.stop();
    await gemini?.stop();
    await prisma?.$disconnect();
    await db?.drop();
  });

  beforeEach(() => {
    failures.length = 0;
  });

  it("replies with the workspace's own key and model, the conversation as context, and records the usage", async () => {
    openai.respond(
      openAiCase.answer('We are open **8:00-17:00**, Monday to Friday.', { input: 240, output: 18 }),
    );
    const job = aiJob(own, {});

    const outcome = await handler({ openai: SERVER_OPENAI_KEY })(job);

    expect(outcome).toEqual({ ok: true, output: { text: 'We are open *8:00-17:00*, Monday to Friday.' } });
    const [sent] = openai.requests;
    expect(openAiCase.key(sent)).toBe(TENANT_OPENAI_KEY);
    expect(sent.body.model).toBe('gpt-tenant');
    expect(openAiCase.system(sent)).toBe(
      replySystem(job.request.kind === 'ai' ? job.request.instructions : ''),
    );
    expect(openAiCase.turns(sent).slice(1)).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello Ana! How can I help?' },
      { role: 'user', content: 'When are you open?' },
    ]);
    const rows = await usageRows(own.tenantId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      tenantId: own.tenantId,
      runId: own.runId,
      contactId: own.contactId,
      nodeId: 'answer',
      provider: 'openai',
      model: 'gpt-tenant',
      task: 'reply',
      inputTokens: 240,
      outputTokens: 18,
      outcome: 'ok',
      at: NOW,
    });
    expect(failures).toEqual([]);
  });

  it("falls back to the server's key and default model when the workspace has neither", async () => {
    openai.respond(openAiCase.answer('{"label":"faq"}', { input: 50, output: 4 }));
    const outcome = await handler({ openai: SERVER_OPENAI_KEY })(
      aiJob(bare, { task: 'classify', labels: ['faq', 'pricing'], text: 'Do you work weekends?' }),
    );

    expect(outcome).toEqual({ ok: true, output: { label: 'faq' } });
    expect(openAiCase.key(openai.requests[0])).toBe(SERVER_OPENAI_KEY);
    expect(openai.requests[0].body.model).toBe('gpt-server-default');
    expect(await usageRows(bare.tenantId)).toEqual([
      expect.objectContaining({
        provider: 'openai',
        model: 'gpt-server-default',
        task: 'classify',
        outcome: 'ok',
      }),
    ]);
  });

  it("uses the node's provider over the workspace's, with the workspace's model for it", async () => {
    gemini.respond(geminiCase.answer('{"budget": 9000, "city": "Lisbon"}', { input: 60, output: 12 }));
    openai.respond(providerError(500));
    const outcome = await handler()(
      aiJob(own, {
        task: 'extract',
        provider: 'gemini',
        fields: { budget: 'number', city: 'string' },
        text: 'around 9000, Lisbon',
      }),
    );

    expect(outcome).toEqual({ ok: true, output: { values: { budget: 9000, city: 'Lisbon' } } });
    expect(openai.requests).toHaveLength(0);
    expect(gemini.requests[0].path).toBe('/v1beta/models/gemini-tenant:generateContent');
    expect(geminiCase.key(gemini.requests[0])).toBe(TENANT_GEMINI_KEY);
    const rows = await usageRows(own.tenantId);
    expect(rows.filter((row) => row.task === 'extract')).toEqual([
      expect.objectContaining({ provider: 'gemini', model: 'gemini-tenant', inputTokens: 60, outcome: 'ok' }),
    ]);
  });

  it('fails with AI_NOT_CONFIGURED, calling nobody, when no key exists anywhere', async () => {
    openai.respond(openAiCase.answer('should not be asked'));
    const before = (await usageRows(bare.tenantId)).length;

    const outcome = await handler()(aiJob(bare, {}));

    expect(outcome).toEqual({
      ok: false,
      error: {
        code: 'AI_NOT_CONFIGURED',
        message: 'No OpenAI API key is set for this workspace or server, so AI steps cannot run.',
      },
    });
    expect(openai.requests).toHaveLength(0);
    expect(await usageRows(bare.tenantId)).toHaveLength(before);
  });

  it("does not fall back to the server's key when the workspace's key cannot be opened", async () => {
    const other = await seedTenant(prisma, {
      secrets: { openai_api_key: 'sk-sealed-elsewhere' },
      box: newBox(),
    });
    openai.respond(openAiCase.answer('should not be asked'));

    const outcome = await handler({ openai: SERVER_OPENAI_KEY })(aiJob(other, {}));

    expect(outcome).toMatchObject({ ok: false, error: { code: 'AI_NOT_CONFIGURED' } });
    expect(openai.requests).toHaveLength(0);
    expect(failures).toEqual([
      expect.objectContaining({ code: 'AI_NOT_CONFIGURED', tenantId: other.tenantId }),
    ]);
  });

  it('turns a label outside the list into a final AI_BAD_OUTPUT, still counting the tokens', async () => {
    openai.respond(openAiCase.answer('{"label":"refund"}', { input: 70, output: 5 }));
    const outcome = await handler()(aiJob(own, { task: 'classify', labels: ['faq', 'pricing'] }));

    expect(outcome).toEqual({
      ok: false,
      error: { code: 'AI_BAD_OUTPUT', message: 'The AI model chose none of the labels (faq, pricing).' },
    });
    const rows = await usageRows(own.tenantId);
    expect(rows.filter((row) => row.outcome === 'AI_BAD_OUTPUT')).toEqual([
      expect.objectContaining({ inputTokens: 70, outputTokens: 5 }),
    ]);
    expect(failures).toEqual([expect.objectContaining({ code: 'AI_BAD_OUTPUT', nodeId: 'answer' })]);
  });

  it("reports a rate limit that outlasts the retries as a final error, never the provider's words", async () => {
    openai.respond(providerError(429, 'Rate limit reached for org-secret-123 on tokens per min'));
    const outcome = await handler()(aiJob(own, {}));

    expect(openai.requests).toHaveLength(2);
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'AI_RATE_LIMITED', message: 'OpenAI is rate-limiting this workspace; try again later.' },
    });
    const rows = await usageRows(own.tenantId);
    expect(rows.filter((row) => row.outcome === 'AI_RATE_LIMITED')).toEqual([
      expect.objectContaining({ inputTokens: 0, outputTokens: 0 }),
    ]);
    expect(failures).toEqual([
      expect.objectContaining({
        code: 'AI_RATE_LIMITED',
        status: 429,
        provider: 'openai',
        model: 'gpt-tenant',
      }),
    ]);
    expect(failures[0].detail).toContain('Rate limit reached');
  });

  it('sums the usage per provider, model and task, for one tenant, period and run', async () => {
    const second = await seedTenant(prisma, { secrets: { openai_api_key: 'sk-second-0000000000' }, box });
    openai.respond(openAiCase.answer('Hello!', { input: 1_000, output: 100 }));
    await handler()(aiJob(second, {}));
    await withTenant(prisma, own.tenantId, (tx) =>
      tx.aiUsage.create({
        data: {
          tenantId: own.tenantId,
          provider: 'openai',
          model: 'gpt-tenant',
          task: 'reply',
          inputTokens: 5,
          outputTokens: 5,
          outcome: 'ok',
          at: new Date('2026-02-01T00:00:00Z'),
        },
      }),
    );

    const march = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };
    const summary = await withTenant(prisma, own.tenantId, (tx) => aiUsageSummary(tx, march));
    expect(summary.lines).toEqual([
      {
        provider: 'gemini',
        model: 'gemini-tenant',
        task: 'extract',
        calls: 1,
        failed: 0,
        inputTokens: 60,
        outputTokens: 12,
      },
      {
        provider: 'openai',
        model: 'gpt-tenant',
        task: 'classify',
        calls: 1,
        failed: 1,
        inputTokens: 70,
        outputTokens: 5,
      },
      {
        provider: 'openai',
        model: 'gpt-tenant',
        task: 'reply',
        calls: 2,
        failed: 1,
        inputTokens: 240,
        outputTokens: 18,
      },
    ]);
    expect(summary.totals).toEqual({ calls: 4, failed: 2, inputTokens: 370, outputTokens: 35 });

    const otherRun = await withTenant(prisma, own.tenantId, (tx) =>
      aiUsageSummary(tx, { ...march, runId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(otherRun.totals.calls).toBe(0);
    const ownRun = await withTenant(prisma, own.tenantId, (tx) =>
      aiUsageSummary(tx, { ...march, runId: own.runId }),
    );
    expect(ownRun.totals.calls).toBe(4);
  });

  it('replaces a workspace key in place', async () => {
    await withTenant(prisma, bare.tenantId, (tx) =>
      writeTenantSecret(tx, box, {
        tenantId: bare.tenantId,
        name: 'openai_api_key',
        value: 'sk-first-000000000',
      }),
    );
    await withTenant(prisma, bare.tenantId, (tx) =>
      writeTenantSecret(tx, box, {
        tenantId: bare.tenantId,
        name: 'openai_api_key',
        value: 'sk-second-00000000',
      }),
    );
    openai.respond(openAiCase.answer('Hi!'));
    await handler()(aiJob(bare, {}));
    expect(openAiCase.key(openai.requests[0])).toBe('sk-second-00000000');
    const rows = await withTenant(prisma, bare.tenantId, (tx) => tx.tenantSecret.findMany());
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0].sealed).toString('latin1')).not.toContain('sk-second');
  });
});
