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
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { SandboxProvider, type MessageEvent } from '@leadline/whatsapp';
import { EmbeddedEngine, EngineClient, systemClock } from '../../src';

export const FLOWS_DIR = join(__dirname, '..', '..', '..', '..', 'flows');

export function exampleFlow(id: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FLOWS_DIR, `${id}.flow.json`), 'utf8'));
}

export interface Harness {
  db: TestDatabase;
  prisma: PrismaClient;
  tenantId: string;
  channelId: string;
  phoneNumberId: string;
  sandbox: SandboxProvider;
  engine: EmbeddedEngine;
  client: EngineClient;
  errors: unknown[];
  stop(): Promise<void>;
}

const TEMPLATES = ['still_interested', 'lead_welcome', 'lead_reminder', 'lead_last_call', 'quote_follow_up'];

/** A migrated database with one tenant, a sandbox channel, approved templates and the given flows published. */
export async function startHarness(options: {
  flows: Array<Record<string, unknown>>;
  redisDb?: number;
}): Promise<Harness> {
  const db = await createTestDatabase();
  const prisma = createPrismaClient({ url: db.url });
  const tenant = await prisma.tenant.create({
    data: { slug: `t-${randomUUID().slice(0, 8)}`, name: 'Test' },
  });
  const phoneNumberId = `sandbox-${randomUUID().slice(0, 8)}`;
  const channelId = await withTenant(prisma, tenant.id, async (tx) => {
    const channel = await tx.channel.create({
      data: {
        tenantId: tenant.id,
        provider: 'sandbox',
        phoneNumberId,
        displayPhone: '+15550100000',
        status: 'active',
      },
    });
    for (const name of TEMPLATES) {
      await tx.template.create({
        data: {
          tenantId: tenant.id,
          channelId: channel.id,
          name,
          language: 'en',
          category: 'utility',
          status: 'approved',
        },
      });
    }
    for (const flow of options.flows) {
      await publishFlowVersion(tx, {
        tenantId: tenant.id,
        key: String(flow.id),
        name: String(flow.name),
        definition: flow as Prisma.InputJsonValue,
      });
    }
    return channel.id;
  });
  const sandbox = new SandboxProvider();
  const errors: unknown[] = [];
  const redis = { host: '127.0.0.1', port: 6379, db: options.redisDb ?? 0, maxRetriesPerRequest: null };
  const engine = new EmbeddedEngine({
    prisma,
    redis,
    providers: () => sandbox,
    queuePrefix: `test-${randomUUID().slice(0, 8)}`,
    sweepIntervalMs: 250,
    channelPollMs: 500,
    onError: (error) => errors.push(error),
  });
  await engine.start();
  const client = new EngineClient(prisma, engine.queue, systemClock);
  return {
    db,
    prisma,
    tenantId: tenant.id,
    channelId,
    phoneNumberId,
    sandbox,
    engine,
    client,
    errors,
    async stop() {
      await engine.stop();
      await prisma.$disconnect();
      await db.drop();
    },
  };
}

let counter = 0;

/** A WhatsApp message from a contact, as the webhook layer normalises it. */
export function userMessage(
  h: Harness,
  phone: string,
  input: string | { button: string },
  at = new Date(),
): MessageEvent {
  counter += 1;
  h.sandbox.setLastInbound(phone, at);
  const base = { providerMessageId: `wamid.test.${counter}.${randomUUID()}`, at: at.toISOString() };
  return {
    kind: 'message',
    channel: { provider: 'sandbox', phoneNumberId: h.phoneNumberId },
    contact: { waId: phone.slice(1), phone, name: 'Ana' },
    message:
      typeof input === 'string'
        ? { ...base, type: 'text', text: input }
        : { ...base, type: 'button', buttonId: input.button },
  };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Texts (or template names) the sandbox delivered to a phone, in order. */
export function delivered(h: Harness, phone: string): string[] {
  return h.sandbox.sentTo(phone).map((sent) => {
    const m = sent.message;
    return m.type === 'template' ? `template:${m.template.name}` : 'text' in m ? m.text : m.type;
  });
}
