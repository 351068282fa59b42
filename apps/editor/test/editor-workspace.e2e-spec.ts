import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { createPrismaClient, publishFlowVersion, withTenant, type PrismaClient } from '@leadline/database';
import { generateApiKey, hashApiKey, hashPassword } from '@leadline/secrets';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { startApiServer, type ApiServer } from './support/api-server';
import { startEditorSession, type EditorSession } from './support/editor-session';

const REPO = path.resolve(__dirname, '../../..');
const SCREENSHOTS = path.join(REPO, 'docs/screenshots');
// The editor's own Redis logical database: the API's wake-up queue must not meet other tests'.
const REDIS_URL = 'redis://127.0.0.1:6379/2';
const PASSWORD = 'a long and happy passphrase';

/** Centre of an element, for mouse work. */
async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags from one point to another with the mouse, in steps, as a person does. */
async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  const start = await centre(from);
  const end = await centre(to);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 5 });
  await page.mouse.move(end.x, end.y, { steps: 5 });
  await page.mouse.up();
}

const card = (page: Page, id: string) => page.locator(`.flow-node[data-node-id="${id}"]`);
const sourceHandle = (page: Page, id: string, port: string) =>
  card(page, id).locator(`.react-flow__handle.source[data-handleid="${port}"]`);
const targetHandle = (page: Page, id: string) => card(page, id).locator('.react-flow__handle.target');
const problems = (page: Page) => page.getByRole('region', { name: 'Problems' });

describe('editor with the workspace API, in a browser', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let api: ApiServer;
  let session: EditorSession;
  let slug: string;
  let apiKey: string;
  let page: Page;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    slug = `acme-${Date.now().toString(36)}`;
    const tenant = await prisma.tenant.create({ data: { slug, name: 'Acme' } });
    const generated = generateApiKey();
    apiKey = generated.key;
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
    api = await startApiServer({ DATABASE_URL: db.url, REDIS_URL });
    session = await startEditorSession({ apiUrl: api.url });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await api?.stop();
    await prisma?.$disconnect();
    await db?.drop();
  });

  afterEach(async () => {
    await page?.close();
    expect(session.pageErrors).toEqual([]);
  });

  it('signs in, builds a flow with the mouse, fixes W24H, simulates through a time skip, publishes, and reloads it intact', async () => {
    page = await session.openEditor({ signIn: false });
    page.setDefaultTimeout(10_000);

    // Sign in against the API.
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('Workspace').fill(slug);
    await form.getByLabel('Email').fill('maria@acme.test');
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Flow editor' }).waitFor();

    // A new flow starts with its trigger; two steps are dragged in from the palette.
    await page.getByRole('button', { name: 'New flow' }).click();
    await card(page, 'start').waitFor();
    const palette = page.getByRole('region', { name: 'Add a step' });
    const canvas = page.locator('.canvas');
    const box = (await canvas.boundingBox())!;
    await palette
      .locator('[data-node-type="question"]')
      .dragTo(canvas, { targetPosition: { x: box.width * 0.25, y: box.height * 0.72 } });
    await card(page, 'question_1').waitFor();
    await palette
      .locator('[data-node-type="message"]')
      .dragTo(canvas, { targetPosition: { x: box.width * 0.78, y: box.height * 0.72 } });
    await card(page, 'message_1').waitFor();

    // Connect the ports with the mouse: trigger → question, question "timeout" → message.
    await drag(page, sourceHandle(page, 'start', 'next'), targetHandle(page, 'question_1'));
    await page.locator('.react-flow__edge').first().waitFor();
    await drag(page, sourceHandle(page, 'question_1', 'timeout'), targetHandle(page, 'message_1'));
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(2);
    await page.locator('.react-flow__edge-text', { hasText: 'timeout' }).waitFor();

    // The question waits two days (property panel, duration input).
    await card(page, 'question_1').click({ position: { x: 12, y: 12 } });
    const inspector = page.getByRole('region', { name: 'Step properties' });
    await inspector.locator('[data-field="timeout"]').waitFor();
    await inspector.locator('[data-field="timeout"] input[type="number"]').fill('2');
    await inspector.locator('[data-field="timeout"] select').selectOption('d');

    // The follow-up can now go out after the 24-hour window: W24H, then its one-click fix.
    const warning = problems(page).locator('.problem[data-code="W24H"][data-node-id="message_1"]');
    await warning.waitFor();
    await expect(card(page, 'message_1').locator('.flow-node__badge--warning').count()).resolves.toBe(1);
    await problems(page).getByRole('button', { name: 'Add a fallback template', exact: true }).click();
    await warning.waitFor({ state: 'detached' });
    await card(page, 'message_1').click({ position: { x: 12, y: 12 } });
    await expect(inspector.locator('.template-picker select').inputValue()).resolves.toBe(
      'still_interested|en',
    );

    // Simulate: "hi" starts the run; two simulated days later the follow-up goes out as the template.
    await page.getByRole('button', { name: '▶ Simulate' }).click();
    const simulator = page.getByRole('region', { name: 'Simulator' });
    await simulator.getByLabel('Message to the bot').fill('hi');
    await simulator.getByRole('button', { name: 'Send' }).click();
    await simulator.locator('.bubble--out', { hasText: 'What is your name?' }).waitFor();
    await page.locator('.flow-node--current[data-node-id="question_1"]').waitFor();
    await simulator.getByRole('button', { name: '+1 day' }).click();
    await expect(simulator.locator('.bubble--template').count()).resolves.toBe(0);
    await simulator.getByRole('button', { name: '+1 day' }).click();
    await simulator.locator('.bubble--template', { hasText: 'still_interested' }).waitFor();
    await expect(simulator.getByTestId('sim-status').innerText()).resolves.toBe('completed');
    await expect(simulator.getByTestId('sim-clock').innerText()).resolves.toContain('4 Mar');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'editor-simulator.png') });
    await simulator.getByRole('button', { name: 'Close the simulator' }).click();

    // Publish: the dialog lists what the first version adds.
    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish' });
    await dialog.getByText('Publish version 1?').waitFor();
    await dialog.locator('.diff__added', { hasText: 'message_1' }).waitFor();
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('status').getByText('Published version 1.').waitFor();

    // Reload: still signed in; the flow comes back from the API as it was published.
    await page.reload();
    const flows = page.getByRole('navigation', { name: 'Flows' });
    await flows
      .getByRole('region', { name: 'Your flows' })
      .getByRole('button', { name: /Untitled flow 1/ })
      .click();
    await card(page, 'message_1').waitFor();
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(3);
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(2);
    await expect(page.locator('.toolbar__version').innerText()).resolves.toBe('v1 live');
    await problems(page).getByText('0 errors, 0 warnings').waitFor();
    await card(page, 'message_1').click({ position: { x: 12, y: 12 } });
    await expect(inspector.locator('.template-picker select').inputValue()).resolves.toBe(
      'still_interested|en',
    );

    const stored = await prisma.flow.findFirst({
      where: { key: 'untitled-1' },
      include: { activeVersion: true },
    });
    const definition = stored?.activeVersion?.definition as {
      nodes: Array<{ id: string; data: Record<string, unknown> }>;
    };
    expect(definition.nodes.find((node) => node.id === 'question_1')?.data.timeout).toBe('2d');
    expect(definition.nodes.find((node) => node.id === 'message_1')?.data.fallbackTemplate).toEqual({
      name: 'still_interested',
      language: 'en',
      params: [''],
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'editor-workspace.png') });
  }, 60_000);

  it('with an API key: analytics on a published flow, keyboard copy/paste/undo/redo/delete, export and duplicate', async () => {
    page = await session.openEditor({ signIn: false });
    page.setDefaultTimeout(10_000);
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByRole('tab', { name: 'API key' }).click();
    await form.getByLabel('API key').fill(apiKey);
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    const yourFlows = page.getByRole('region', { name: 'Your flows' });
    await yourFlows.getByRole('button', { name: /Lead capture with qualification/ }).click();
    await card(page, 'ask_name').waitFor();

    // Analytics: runs that reached each step, left by each port, and dropped off.
    await page.getByRole('button', { name: 'Analytics' }).click();
    const stats = (id: string) => card(page, id).locator('.flow-node__stats');
    await stats('start').waitFor();
    await expect(stats('start').getAttribute('data-reached')).resolves.toBe('3');
    await expect(stats('start').innerText()).resolves.toContain('1 dropped (33%)');
    await expect(card(page, 'start').locator('[data-port-count="next"]').innerText()).resolves.toBe('2');
    await expect(stats('ask_name').getAttribute('data-reached')).resolves.toBe('2');
    await expect(card(page, 'ask_name').locator('[data-port-count="answered"]').innerText()).resolves.toBe(
      '1',
    );
    await expect(stats('done').getAttribute('data-reached')).resolves.toBe('0');
    await page.getByRole('button', { name: 'Analytics' }).click();
    await stats('start').waitFor({ state: 'detached' });

    // Keyboard: copy a step, paste it, undo, redo, delete.
    const nodes = page.locator('.react-flow__node');
    const before = await nodes.count();
    await card(page, 'welcome').click({ position: { x: 12, y: 12 } });
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await card(page, 'message_1').waitFor();
    await expect(nodes.count()).resolves.toBe(before + 1);
    await expect(page.locator('.react-flow__node.selected').getAttribute('data-id')).resolves.toBe(
      'message_1',
    );
    await page.keyboard.press('Control+z');
    await card(page, 'message_1').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+Shift+z');
    await card(page, 'message_1').waitFor();
    await page.keyboard.press('Delete');
    await card(page, 'message_1').waitFor({ state: 'detached' });
    await expect(nodes.count()).resolves.toBe(before);

    // Export: the download is the open flow's document.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('lead-capture.flow.json');
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(exported).toMatchObject({ id: 'lead-capture', format: 'leadline.flow/v1' });
    expect(exported.nodes).toHaveLength(before);

    // Duplicate: a new unpublished flow in the workspace, opened.
    await page.getByRole('button', { name: 'Duplicate' }).click();
    await page
      .getByRole('status')
      .getByText('Duplicated as "Lead capture with qualification (copy)"')
      .waitFor();
    await yourFlows.locator('.flows-list__file', { hasText: 'lead-capture-copy.flow.json' }).waitFor();
    await expect(page.locator('.toolbar__flow-id').innerText()).resolves.toBe('lead-capture-copy');
    await expect(nodes.count()).resolves.toBe(before);
  }, 60_000);
});
