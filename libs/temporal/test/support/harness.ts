// The set-up the Temporal engine's integration tests share: a throw-away database with one tenant,
// one sandbox WhatsApp number and published flows, the contact activities built over it, the
// in-process stand-in for Temporal (InProcessHost) and the engine client that wakes it. Each test
// file says only what differs (the provider, the flows, the templates, the retry budgets).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createPrismaClient,
  publishFlowVersion,
  type TemplateCategory,
  type TemplateStatus,
  withTenant,
  type Prisma,
  type PrismaClient,
} from '@leadline/database';
import { systemClock, type ActivityHandlers } from '@leadline/engine';
import type { EngineMetrics } from '@leadline/ops';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { SandboxProvider, type MessageEvent } from '@leadline/whatsapp';
import { createContactActivities, type ContactActivityDeps } from '../../src/activities/contact-activities';
import { TemporalEngineClient } from '../../src/client/temporal-engine-client';
import type { ContactActivities } from '../../src/workflows/contract';
import { InProcessHost } from './in-process-host';

const FLOWS = join(__dirname, '../../../../flows');

/** A flow from the repository's flows/ folder, by file name (`lead-capture`). */
export function repoFlow(name: string): { id: string; name: string } & Record<string, unknown> {
  return JSON.parse(readFileSync(join(FLOWS, `${name}.flow.json`), 'utf8'));
}

export interface HarnessOptions {
  /** Flow definitions to publish (objects, or names of files in flows/). */
  flows: Array<string | ({ id: string; name: string } & Record<string, unknown>)>;
  /** The provider every send goes to (a SandboxProvider by default). */
  provider?: SandboxProvider;
  /** Templates of the number, approved unless a status is given. */
  templates?: Array<{
    name: string;
    language?: string;
    category?: TemplateCategory;
    status?: TemplateStatus;
  }>;
  handlers?: ActivityHandlers;
  /** Attempts per activity before the host gives up (Temporal's retry policies). */
  attempts?: ConstructorParameters<typeof InProcessHost>[1];
  metrics?: EngineMetrics;
  /** More dependencies of the activities (pacers, set-aside hook). */
  deps?: Partial<ContactActivityDeps>;
}

export interface Harness {
  db: TestDatabase;
  prisma: PrismaClient;
  tenantId: string;
  channelId: string;
  phoneNumberId: string;
  provider: SandboxProvider;
  activities: ContactActivities;
  host: InProcessHost;
  client: TemporalEngineClient;
  /** An inbound text message from `phone` (inside the 24-hour window). */
  says(phone: string, text: string): MessageEvent;
  /** The contact's id by phone. */
  contactOf(phone: string): Promise<string>;
  /** What the contact received: texts, or the message type of anything else. */
  texts(phone: string): string[];
  /** Builds another set of activities and host over the same database (another worker, new code). */
  rebuild(options?: Pick<HarnessOptions, 'attempts' | 'metrics' | 'deps' | 'handlers'>): {
    activities: ContactActivities;
    host: InProcessHost;
    client: TemporalEngineClient;
  };
  close(): Promise<void>;
}

export async function createHarness(options: HarnessOptions): Promise<Harness> {
  const db = await createTestDatabase();
  const prisma = createPrismaClient({ url: db.url });
  const tenant = await prisma.tenant.create({ data: { slug: `t-${randomUUID().slice(0, 8)}`, name: 'T' } });
  const tenantId = tenant.id;
  const phoneNumberId = `sandbox-${randomUUID().slice(0, 8)}`;
  const provider = options.provider ?? new SandboxProvider();
  const channelId = await withTenant(prisma, tenantId, async (tx) => {
    const channel = await tx.channel.create({
      data: { tenantId, provider: 'sandbox', phoneNumberId, displayPhone: '+15550100000', status: 'active' },
    });
    for (const template of options.templates ?? [])
      await tx.template.create({
        data: {
          tenantId,
          channelId: channel.id,
          name: template.name,
          language: template.language ?? 'en',
          category: template.category ?? 'utility',
          status: template.status ?? 'approved',
        },
      });
    for (const entry of options.flows) {
      const flow = typeof entry === 'string' ? repoFlow(entry) : entry;
      await publishFlowVersion(tx, {
        tenantId,
        key: String(flow.id),
        name: String(flow.name),
        definition: flow as Prisma.InputJsonValue,
      });
    }
    return channel.id;
  });

  function build(over: Pick<HarnessOptions, 'attempts' | 'metrics' | 'deps' | 'handlers'> = {}) {
    // Inbox events the activities append (a refused send, a step's result) wake the contact again,
    // as the worker's forwarder does.
    let wake: (t: string, c: string) => Promise<void> = async () => undefined;
    const activities = createContactActivities({
      prisma,
      providers: () => provider,
      clock: systemClock,
      handlers: over.handlers ?? options.handlers ?? {},
      wake: (t, c) => wake(t, c),
      ...((over.metrics ?? options.metrics) ? { metrics: over.metrics ?? options.metrics } : {}),
      ...options.deps,
      ...over.deps,
    });
    const host = new InProcessHost(activities, over.attempts ?? options.attempts);
    const client = new TemporalEngineClient(prisma, host, 'leadline', systemClock, (error) =>
      host.errors.push(error),
    );
    wake = (t, c) => client.wakeContact(t, c);
    return { activities, host, client };
  }

  const first = build();
  return {
    db,
    prisma,
    tenantId,
    channelId,
    phoneNumberId,
    provider,
    ...first,
    says(phone, text) {
      const at = new Date();
      provider.setLastInbound(phone, at);
      return {
        kind: 'message',
        channel: { provider: 'sandbox', phoneNumberId },
        contact: { waId: phone.slice(1), phone, name: 'Ana' },
        message: { providerMessageId: `wamid.${randomUUID()}`, at: at.toISOString(), type: 'text', text },
      };
    },
    contactOf: (phone) =>
      withTenant(
        prisma,
        tenantId,
        async (tx) => (await tx.contact.findFirstOrThrow({ where: { phone } })).id,
      ),
    texts: (phone) =>
      provider.sentTo(phone).map((sent) => ('text' in sent.message ? sent.message.text : sent.message.type)),
    rebuild: build,
    async close() {
      await prisma.$disconnect();
      await db.drop();
    },
  };
}
