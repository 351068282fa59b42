import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createPrismaClient, publishFlowVersion, withTenant, type PrismaClient } from '@leadline/database';
import { generateApiKey, hashApiKey, hashPassword } from '@leadline/secrets';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '@leadline/testing';
import { startApiServer, type ApiServer } from './api-server';
import { freePort } from './editor-server';
import { startEditorSession, type EditorSession } from './editor-session';

const REPO = path.resolve(__dirname, '../../../..');
export const PASSWORD = 'a long and happy passphrase';

export interface Workspace {
  slug: string;
  apiKey: string;
}

/**
 * A tenant as the editor finds it: a user (editor role), an API key with the editor's permissions, an
 * approved template with one body parameter, and the lead-capture example published with three runs'
 * events (for the analytics overlay).
 */
export async function seedWorkspace(prisma: PrismaClient): Promise<Workspace> {
  const slug = `acme-${Date.now().toString(36)}`;
  const tenant = await prisma.tenant.create({ data: { slug, name: 'Acme' } });
  const generated = generateApiKey();
  await prisma.apiKey.create({
    data: {
      tenantId: tenant.id,
      name: 'editor automation',
      prefix: generated.prefix,
      keyHash: hashApiKey(generated.key),
      scopes: ['flows:read', 'flows:write', 'flows:publish', 'templates:read'],
    },
  });
  await withTenant(prisma, tenant.id, async (tx) => {
    // A published example with three runs: all start, two are welcomed and asked their name, one answers.
    const leadCapture = JSON.parse(readFileSync(path.join(REPO, 'flows/lead-capture.flow.json'), 'utf8'));
    const published = await publishFlowVersion(tx, {
      tenantId: tenant.id,
      key: leadCapture.id,
      name: leadCapture.name,
      definition: leadCapture,
    });
    const trail: Array<Array<[string, string, string | null]>> = [
      [
        ['node.enter', 'start', null],
        ['node.exit', 'start', 'next'],
        ['node.enter', 'welcome', null],
        ['node.exit', 'welcome', 'next'],
        ['node.enter', 'ask_name', null],
        ['node.exit', 'ask_name', 'answered'],
      ],
      [
        ['node.enter', 'start', null],
        ['node.exit', 'start', 'next'],
        ['node.enter', 'welcome', null],
        ['node.exit', 'welcome', 'next'],
        ['node.enter', 'ask_name', null],
      ],
      [['node.enter', 'start', null]],
    ];
    for (const [index, events] of trail.entries()) {
      const contact = await tx.contact.create({
        data: { tenantId: tenant.id, phone: `+1555010900${index}` },
      });
      const run = await tx.flowRun.create({
        data: {
          tenantId: tenant.id,
          flowId: published.flowId,
          flowVersionId: published.versionId,
          contactId: contact.id,
          status: 'waiting',
        },
      });
      await tx.runEvent.createMany({
        data: events.map(([type, nodeId, port], seq) => ({
          tenantId: tenant.id,
          runId: run.id,
          flowId: published.flowId,
          flowVersionId: published.versionId,
          seq: seq + 1,
          type,
          nodeId,
          port,
        })),
      });
    }
    await tx.user.create({
      data: {
        tenantId: tenant.id,
        email: 'maria@acme.test',
        passwordHash: await hashPassword(PASSWORD, 4),
        role: 'editor',
      },
    });
    const channel = await tx.channel.create({
      data: {
        tenantId: tenant.id,
        provider: 'sandbox',
        phoneNumberId: `sandbox-${slug}`,
        displayPhone: '+15550100000',
        status: 'active',
      },
    });
    await tx.template.create({
      data: {
        tenantId: tenant.id,
        channelId: channel.id,
        name: 'still_interested',
        language: 'en',
        category: 'marketing',
        status: 'approved',
        components: [{ type: 'BODY', text: 'Hi {{1}}, are you still interested?' }],
      },
    });
  });
  return { slug, apiKey: generated.key };
}

export interface EditorWithApi {
  session: EditorSession;
  workspace: Workspace;
  prisma: PrismaClient;
  close(): Promise<void>;
}

/**
 * A fresh database, the real API on it and the built editor proxying /api to that API; the API and the
 * editor build start side by side (the build is the slow part).
 */
export async function startEditorWithApi(
  options: {
    /** Makes the seeded workspace the operator workspace (QUEUE_DASHBOARD_TENANT): the queue dashboard is on. */
    queueDashboard?: boolean;
  } = {},
): Promise<EditorWithApi> {
  const db: TestDatabase = await createTestDatabase();
  const prisma = createPrismaClient({ url: db.url });
  let api: ApiServer | undefined;
  let session: EditorSession | undefined;
  try {
    const workspace = await seedWorkspace(prisma);
    const port = await freePort();
    const apiUrl = `http://127.0.0.1:${port}`;
    const [started, editor] = await Promise.allSettled([
      // Generous: compiling the API on a shared 2-core machine under load has taken over 2 minutes.
      startApiServer(
        {
          DATABASE_URL: db.url,
          REDIS_URL: testRedisUrl(),
          PORT: String(port),
          ...(options.queueDashboard ? { QUEUE_DASHBOARD_TENANT: workspace.slug } : {}),
        },
        280_000,
      ),
      startEditorSession({ apiUrl }),
    ]);
    if (started.status === 'fulfilled') api = started.value;
    if (editor.status === 'fulfilled') session = editor.value;
    if (started.status === 'rejected') throw started.reason;
    if (editor.status === 'rejected') throw editor.reason;
    const ready = session!;
    return {
      session: ready,
      workspace,
      prisma,
      close: async () => {
        await ready.close();
        await api?.stop();
        await prisma.$disconnect();
        await db.drop();
      },
    };
  } catch (error) {
    await session?.close();
    await api?.stop();
    await prisma.$disconnect();
    await db.drop();
    throw error;
  }
}
