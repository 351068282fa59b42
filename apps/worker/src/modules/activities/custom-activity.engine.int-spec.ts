import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { writeTenantSecret } from '@leadline/ai';
import { loadActivityRegistry } from '@leadline/activity-sdk';
import {
  createPrismaClient,
  publishFlowVersion,
  withTenant,
  type Prisma,
  type PrismaClient,
} from '@leadline/database';
import { EmbeddedEngine, EngineClient, systemClock } from '@leadline/engine';
import { BUILT_IN_ACTIVITIES } from '@leadline/example-activities';
import { createSafeFetch } from '@leadline/safe-http';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { createTestDatabase, testRedisConnection, type TestDatabase } from '@leadline/testing';
import { SandboxProvider, type MessageEvent } from '@leadline/whatsapp';
import pino from 'pino';
import { createCustomActivity } from './custom-activity.handler';
import { createHttpActivity } from './http-activity.handler';

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function step(id: string, type: string, data: Record<string, unknown>) {
  return { id, type, data };
}

/** The contact's message picks the branch; each activity leaves by `ok` or `error` to a message. */
function flowUsingActivities(crmUrl: string) {
  const nodes = [
    step('start', 'trigger', { on: 'message' }),
    step('route', 'condition', {
      rules: [
        { id: 'slow', when: 'message.text = "slow"' },
        { id: 'boom', when: 'message.text = "boom"' },
        { id: 'crm', when: 'message.text = "crm"' },
        { id: 'typo', when: 'message.text = "typo"' },
      ],
    }),
    step('score', 'activity', {
      name: 'score-lead',
      input: { budget: '{{message.text}}', timeline: 'now', email: 'lead@example.com' },
      save: 'lead_score',
    }),
    step('scored', 'message', { text: 'Score {{vars.lead_score.score}}, {{vars.lead_score.grade}}' }),
    step('score_failed', 'message', { text: 'Could not score you' }),
    step('wait_long', 'activity', { name: 'test-slow', input: {}, save: 'slow' }),
    step('slow_failed', 'message', { text: 'Too slow' }),
    step('explode', 'activity', { name: 'test-flaky', input: { reason: 'CRM is down' } }),
    step('explode_failed', 'message', { text: 'It broke: {{error.code}} after {{error.attempts}} attempts' }),
    step('lookup', 'activity', { name: 'lookup-ordr', input: {} }),
    step('lookup_failed', 'message', { text: '{{error.code}}: {{error.message}}' }),
    step('save_crm', 'http', {
      method: 'POST',
      url: crmUrl,
      headers: { Authorization: 'Bearer {{secrets.crm_token}}' },
      body: { phone: '{{contact.phone}}', note: 'from {{contact.name}}' },
      save: 'crm',
      timeout: '5s',
    }),
    step('crm_saved', 'message', { text: 'CRM id {{vars.crm.body.id}}' }),
    step('crm_failed', 'message', { text: 'CRM call failed' }),
  ];
  const edges = [
    ['start', 'next', 'route'],
    ['route', 'slow', 'wait_long'],
    ['route', 'boom', 'explode'],
    ['route', 'crm', 'save_crm'],
    ['route', 'typo', 'lookup'],
    ['lookup', 'error', 'lookup_failed'],
    ['route', 'else', 'score'],
    ['score', 'ok', 'scored'],
    ['score', 'error', 'score_failed'],
    ['wait_long', 'error', 'slow_failed'],
    ['explode', 'error', 'explode_failed'],
    ['save_crm', 'ok', 'crm_saved'],
    ['save_crm', 'error', 'crm_failed'],
  ].map(([source, sourceHandle, target], index) => ({ id: `e${index}`, source, sourceHandle, target }));
  return { format: 'leadline.flow/v1', id: 'custom-activities', name: 'Custom activities', nodes, edges };
}

describe('custom activities and HTTP steps on the embedded engine', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let engine: EmbeddedEngine;
  let client: EngineClient;
  let crm: Server;
  let tenantId: string;
  const crmRequests: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  const phoneNumberId = `sandbox-${randomUUID().slice(0, 8)}`;
  const sandbox = new SandboxProvider();
  const box = createSecretBoxFromBase64Keys({ current: Buffer.alloc(32, 3).toString('base64') });
  const errors: unknown[] = [];
  const warnings: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    crm = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        crmRequests.push({ headers: request.headers, body });
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: 'crm-77' }));
      });
    });
    await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
    const crmUrl = `http://127.0.0.1:${(crm.address() as AddressInfo).port}/leads`;

    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
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
      await writeTenantSecret(tx, box, { tenantId, name: 'crm_token', value: 's3cr3t-crm-token' });
      await publishFlowVersion(tx, {
        tenantId,
        key: 'custom-activities',
        name: 'Custom activities',
        definition: flowUsingActivities(crmUrl) as Prisma.InputJsonValue,
      });
    });

    // What the worker does at start-up: the built-ins plus the modules LEADLINE_ACTIVITIES lists.
    const registry = loadActivityRegistry({
      builtIns: BUILT_IN_ACTIVITIES,
      modules: ['./test/fixtures/test.activities'],
      cwd: join(__dirname, '..', '..', '..'),
    });
    // The loopback CRM needs HTTP_PRIVATE_ALLOWLIST=127.0.0.1.
    const safeFetch = createSafeFetch({ privateAllowlist: ['127.0.0.1'] });
    // Warnings are kept to check what a developer sees in the worker's log.
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
    engine = new EmbeddedEngine({
      prisma,
      redis: testRedisConnection(),
      providers: () => sandbox,
      activities: {
        activity: createCustomActivity({ prisma, secrets: box, registry, fetch: safeFetch, logger }),
        http: createHttpActivity({ prisma, secrets: box, fetch: safeFetch }),
      },
      queuePrefix: `test-activities-${randomUUID().slice(0, 8)}`,
      sweepIntervalMs: 250,
      channelPollMs: 500,
      onError: (error) => errors.push(error),
    });
    await engine.start();
    client = new EngineClient(prisma, engine.queue, systemClock);
  });

  afterAll(async () => {
    await engine?.stop();
    await prisma?.$disconnect();
    await db?.drop();
    await new Promise((resolve) => crm?.close(resolve));
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

  async function replyTo(phone: string, text: string): Promise<string> {
    await client.ingest(say(phone, text));
    return waitFor(`the reply to ${phone}`, () => {
      const sent = sandbox.sentTo(phone)[0];
      return sent && 'text' in sent.message ? sent.message.text : undefined;
    });
  }

  async function runOf(phone: string) {
    return withTenant(prisma, tenantId, async (tx) => {
      const contact = await tx.contact.findFirstOrThrow({ where: { phone } });
      return tx.flowRun.findFirstOrThrow({ where: { contactId: contact.id } });
    });
  }

  const lastError = (run: { state: unknown }) => (run.state as { lastError?: unknown }).lastError;

  it('runs the registered example activity and saves its output', async () => {
    const phone = '+351912000301';
    await expect(replyTo(phone, '8000')).resolves.toBe('Score 82, hot');
    const run = await runOf(phone);
    expect(run.status).toBe('completed');
    expect(run.vars).toMatchObject({ lead_score: { score: 82, grade: 'hot' } });
  });

  it('sends bad input to the error port, with a message naming the field', async () => {
    const phone = '+351912000302';
    await expect(replyTo(phone, 'lots of money')).resolves.toBe('Could not score you');
    const run = await runOf(phone);
    expect(run.status).toBe('completed');
    expect(lastError(run)).toMatchObject({
      code: 'ACTIVITY_INPUT_INVALID',
      nodeId: 'score',
      message: expect.stringMatching(/^The input of "score-lead" is not valid: budget: /),
    });
  });

  it('sends a timeout to the error port', async () => {
    const phone = '+351912000303';
    await expect(replyTo(phone, 'slow')).resolves.toBe('Too slow');
    expect(lastError(await runOf(phone))).toEqual({
      code: 'ACTIVITY_TIMEOUT',
      nodeId: 'wait_long',
      message: '"test-slow" did not finish within 200 ms.',
      attempts: 1,
    });
  });

  it('retries a thrown error as declared, then sends it to the error port', async () => {
    const phone = '+351912000304';
    await expect(replyTo(phone, 'boom')).resolves.toBe('It broke: ACTIVITY_FAILED after 2 attempts');
    const failure = {
      code: 'ACTIVITY_FAILED',
      nodeId: 'explode',
      message: '"test-flaky" failed: CRM is down (attempt 2) (after 2 attempts)',
      attempts: 2,
    };
    const run = await runOf(phone);
    expect(lastError(run)).toEqual(failure);
    // The trace says why the step left by error (what `runs show` and the runs API print).
    const exits = await withTenant(prisma, tenantId, (tx) =>
      tx.runEvent.findMany({ where: { runId: run.id, type: 'node.exit', nodeId: 'explode' } }),
    );
    expect(exits.map(({ port, data }) => ({ port, data }))).toEqual([
      { port: 'error', data: { error: failure } },
    ]);
  });

  it('sends an unknown activity name to the error port, names what the server has and logs a warning', async () => {
    const phone = '+351912000306';
    const reply = await replyTo(phone, 'typo');
    expect(reply).toMatch(
      /^UNKNOWN_ACTIVITY: No custom activity named "lookup-ordr" is registered on this server \(it has: .*score-lead/,
    );
    expect(warnings).toContainEqual(
      expect.objectContaining({ level: 40, code: 'UNKNOWN_ACTIVITY', activity: 'lookup-ordr' }),
    );
  });

  it('calls an HTTP API with the workspace secret, which never reaches the run', async () => {
    const phone = '+351912000305';
    await expect(replyTo(phone, 'crm')).resolves.toBe('CRM id crm-77');
    expect(crmRequests).toHaveLength(1);
    expect(crmRequests[0].headers.authorization).toBe('Bearer s3cr3t-crm-token');
    expect(JSON.parse(crmRequests[0].body)).toEqual({ phone, note: 'from Tiago' });
    const run = await runOf(phone);
    expect(run.vars).toMatchObject({ crm: { status: 201, body: { id: 'crm-77' } } });
    // The request the engine queued keeps the placeholder; nothing stored holds the secret itself.
    const text = (value: unknown) =>
      JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? String(item) : item));
    const stored = await withTenant(prisma, tenantId, async (tx) => ({
      outbox: text(await tx.outboxEntry.findMany()),
      others: text([
        await tx.flowRun.findMany(),
        await tx.runEvent.findMany(),
        await tx.contactEvent.findMany(),
        await tx.message.findMany(),
      ]),
    }));
    expect(stored.outbox.includes('Bearer {{secrets.crm_token}}')).toBe(true);
    expect(stored.outbox.includes('s3cr3t-crm-token')).toBe(false);
    expect(stored.others.includes('s3cr3t-crm-token')).toBe(false);
    expect(errors).toEqual([]);
  });
});
