import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createPrismaClient,
  publishFlowVersion,
  withTenant,
  type Prisma,
  type PrismaClient,
} from '@leadline/database';
import { EmbeddedEngine, EngineClient, systemClock } from '@leadline/engine';
import { createTestDatabase, testRedisConnection, type TestDatabase } from '@leadline/testing';
import { SandboxProvider, type MessageEvent } from '@leadline/whatsapp';
import { createAiActivityHandler } from '../src';
import { FakeAiServer, providerError, type FakeResponse } from './support/fake-ai-server';
import { openAiCase } from './support/provider-cases';

const flow = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', 'flows', 'ai-faq.flow.json'), 'utf8'),
) as Prisma.InputJsonValue;

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the AI FAQ flow on the embedded engine, with the AI handler and a loopback OpenAI', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let fake: FakeAiServer;
  let engine: EmbeddedEngine;
  let client: EngineClient;
  let tenantId: string;
  const phoneNumberId = `sandbox-${randomUUID().slice(0, 8)}`;
  const sandbox = new SandboxProvider();
  const errors: unknown[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    fake = await FakeAiServer.start();
    const tenant = await prisma.tenant.create({
      data: { slug: `t-${randomUUID().slice(0, 8)}`, name: 'Sun' },
    });
    tenantId = tenant.id;
    await withTenant(prisma, tenantId, async (tx) => {
      await tx.channel.create({
        data: {
          tenantId,
          provider: 'sandbox',
          phoneNumberId,
          displayPhone: '+15550100000',
          status: 'active',
        },
      });
      await publishFlowVersion(tx, { tenantId, key: 'ai-faq', name: 'AI FAQ', definition: flow });
    });
    engine = new EmbeddedEngine({
      prisma,
      redis: testRedisConnection(),
      providers: () => sandbox,
      activities: {
        ai: createAiActivityHandler({
          prisma,
          defaults: {
            openai: { apiKey: 'sk-server-e2e-000000', baseUrl: `${fake.origin}/v1`, model: 'gpt-e2e' },
            gemini: { baseUrl: `${fake.origin}/v1beta`, model: 'gemini-e2e' },
          },
          timeoutMs: 10_000, // no test here is about the timeout: room for a loaded machine
          maxRetries: 1,
        }),
      },
      queuePrefix: `test-${randomUUID().slice(0, 8)}`,
      sweepIntervalMs: 250,
      channelPollMs: 500,
      onError: (error) => errors.push(error),
    });
    await engine.start();
    client = new EngineClient(prisma, engine.queue, systemClock);
  });

  afterAll(async () => {
    await engine?.stop();
    await fake?.stop();
    await prisma?.$disconnect();
    await db?.drop();
  });

  function say(phone: string, text: string): MessageEvent {
    const at = new Date();
    sandbox.setLastInbound(phone, at);
    return {
      kind: 'message',
      channel: { provider: 'sandbox', phoneNumberId },
      contact: { waId: phone.slice(1), phone, name: 'Tiago' },
      message: { providerMessageId: `wamid.${randomUUID()}`, at: at.toISOString(), type: 'text', text },
    };
  }

  function texts(phone: string): string[] {
    return sandbox
      .sentTo(phone)
      .map((sent) => ('text' in sent.message ? sent.message.text : sent.message.type));
  }

  /** Classification requests ask for JSON; replies do not. */
  function route(classify: FakeResponse, reply: FakeResponse) {
    fake.handle((request) => (request.body.response_format ? classify : reply));
  }

  it('classifies, answers with the model and asks for more; usage is recorded per call', async () => {
    const phone = '+351912000201';
    route(openAiCase.answer('{"label":"faq"}'), openAiCase.answer('Yes, we **install in Porto**! 🌞'));
    await client.ingest(say(phone, 'do you install in Porto?'));

    await waitFor('the answer and the follow-up question', () =>
      texts(phone).length >= 2 ? true : undefined,
    );
    expect(texts(phone)).toEqual(['Yes, we *install in Porto*! 🌞', 'Anything else I can help with?']);
    const classify = fake.requests.find((request) => request.body.response_format);
    const reply = fake.requests.find((request) => !request.body.response_format);
    expect(openAiCase.turns(classify!)).toEqual([{ role: 'user', content: 'do you install in Porto?' }]);
    expect(openAiCase.turns(reply!).at(-1)).toEqual({ role: 'user', content: 'do you install in Porto?' });
    const usage = await withTenant(prisma, tenantId, (tx) =>
      tx.aiUsage.findMany({ orderBy: { task: 'asc' } }),
    );
    expect(usage.map((row) => `${row.nodeId}:${row.task}:${row.outcome}`)).toEqual([
      'intent:classify:ok',
      'answer:reply:ok',
    ]);
    const run = await withTenant(prisma, tenantId, (tx) => tx.flowRun.findFirstOrThrow());
    expect(run.vars).toMatchObject({ intent: 'faq', last_answer: 'Yes, we *install in Porto*! 🌞' });
  });

  it('leaves by the error port when the provider keeps failing, and hands the contact to a person', async () => {
    const phone = '+351912000202';
    route(providerError(503), providerError(503));
    await client.ingest(say(phone, 'quanto custa?'));

    const run = await waitFor('the handoff', () =>
      withTenant(prisma, tenantId, (tx) =>
        tx.flowRun.findFirst({ where: { status: 'handoff', contact: { phone } } }),
      ).then((found) => found ?? undefined),
    );
    await waitFor('the message to the contact', () => (texts(phone).length ? true : undefined));
    expect(texts(phone)).toEqual(['Thanks for your message! A colleague will answer you here shortly.']);
    expect(JSON.stringify(run.state)).toContain('AI_PROVIDER_ERROR');
    expect(JSON.stringify(run.state)).not.toContain('shard 7');
    expect(errors).toEqual([]);
  });
});
