import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { getNodeDefinition, validateFlow, type Flow } from '@leadline/flow-core';
import { PASSWORD, startEditorWithApi, type EditorWithApi, type Workspace } from './support/editor-with-api';
import type { EditorSession } from './support/editor-session';
import { screenshotsDir } from '@leadline/testing';

const REPO = path.resolve(__dirname, '../../..');
const FLOWS_DIR = path.join(REPO, 'flows');
const BROKEN_FIXTURE = path.join(__dirname, 'fixtures/broken.flow.json');
const SCREENSHOTS = screenshotsDir();
const SCREENSHOT = path.join(SCREENSHOTS, 'editor-canvas.png');

interface ExampleFlow {
  fileName: string;
  document: Flow;
}

function exampleFlows(): ExampleFlow[] {
  return readdirSync(FLOWS_DIR)
    .filter((name) => name.endsWith('.flow.json'))
    .map((fileName) => ({
      fileName,
      document: JSON.parse(readFileSync(path.join(FLOWS_DIR, fileName), 'utf8')) as Flow,
    }));
}

/** The ports the core gives each node of a flow, from its parsed data (defaults applied). */
function expectedPorts(document: Flow): Map<string, Array<{ id: string; label: string }>> {
  const parsed = validateFlow(document).flow ?? document;
  return new Map(
    parsed.nodes.map(
      (node) => [node.id, getNodeDefinition(node.type)?.ports(node.data as never) ?? []] as const,
    ),
  );
}

async function openFlow(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Flows' })
    .getByRole('button', { name: new RegExp(name) })
    .click();
  await page.locator('.react-flow__node').first().waitFor();
}

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
function problems(page: Page) {
  return page.getByRole('region', { name: 'Problems' });
}

// One build of the editor, one browser and one API (on a fresh database) for every test of the file.
describe('editor in a browser', () => {
  let harness: EditorWithApi;
  let session: EditorSession;
  let workspace: Workspace;
  let page: Page;

  beforeAll(async () => {
    harness = await startEditorWithApi();
    session = harness.session;
    workspace = harness.workspace;
  }, 240_000);

  afterAll(async () => {
    await harness?.close();
  });

  beforeEach(async () => {
    page = await session.openEditor();
  });

  afterEach(async () => {
    await page?.close();
    // A React error in the page is a failure even when the assertions happened to pass.
    expect(session.pageErrors).toEqual([]);
  });

  it('loads and lists the example flows of the repository', async () => {
    const examples = exampleFlows();
    expect(examples.length).toBeGreaterThan(0);

    await page.getByRole('heading', { name: 'Flow editor' }).waitFor();
    const items = page.getByRole('navigation', { name: 'Flows' }).getByRole('listitem');
    await expect(items.count()).resolves.toBe(examples.length);
    const listed = await items.allInnerTexts();
    for (const example of examples) {
      expect(
        listed.some((text) => text.includes(example.document.name) && text.includes(example.fileName)),
      ).toBe(true);
    }
    // Nothing open yet: the palette cannot add anywhere.
    await expect(
      page
        .getByRole('button', { name: /Message/ })
        .first()
        .isDisabled(),
    ).resolves.toBe(true);
  });

  it('opens an example flow: every node on the canvas with its icon, label and port labels, and its edges', async () => {
    const example =
      exampleFlows().find((flow) => flow.fileName === 'lead-capture.flow.json') ?? exampleFlows()[0];
    await openFlow(page, example.document.name);

    await page.getByRole('heading', { name: example.document.name }).waitFor();
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(example.document.nodes.length);
    const ports = expectedPorts(example.document);
    for (const node of example.document.nodes) {
      const card = page.locator(`.flow-node[data-node-id="${node.id}"]`);
      const definition = getNodeDefinition(node.type);
      await expect(card.innerText()).resolves.toContain(definition?.icon ?? '');
      await expect(card.locator('.flow-node__meta').innerText()).resolves.toContain(node.id);
      const portIds = await card
        .locator('.flow-node__port')
        .evaluateAll((elements) =>
          elements.map((element) => [element.getAttribute('data-port'), element.textContent]),
        );
      expect(portIds).toEqual((ports.get(node.id) ?? []).map((port) => [port.id, port.label]));
      // A handle per port, with the port id as the handle id; a way in on every node but the trigger.
      for (const port of ports.get(node.id) ?? []) {
        await expect(
          card.locator(`.react-flow__handle.source[data-handleid="${port.id}"]`).count(),
        ).resolves.toBe(1);
      }
      await expect(card.locator('.react-flow__handle.target').count()).resolves.toBe(
        node.type === 'trigger' ? 0 : 1,
      );
    }
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(example.document.edges.length);
    await expect(page.locator('.react-flow__minimap').count()).resolves.toBe(1);
    await expect(page.locator('.react-flow__controls').count()).resolves.toBe(1);

    // The problems panel agrees with the core about this flow.
    const { diagnostics } = validateFlow(example.document);
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
    await problems(page)
      .getByText(`${errors} error${errors === 1 ? '' : 's'}`)
      .waitFor();
    await expect(problems(page).locator('.problem').count()).resolves.toBe(diagnostics.length);
  });

  it('opens every example flow with all its nodes and edges, and the problems the core finds in it', async () => {
    for (const example of exampleFlows()) {
      await openFlow(page, example.document.name);
      await page.getByRole('heading', { name: example.document.name }).waitFor();
      const { diagnostics } = validateFlow(example.document);
      const warnings = diagnostics.filter((diagnostic) => diagnostic.severity === 'warning').length;
      await problems(page)
        .getByText(`${warnings} warning${warnings === 1 ? '' : 's'}`)
        .waitFor();
      await expect(page.locator('.react-flow__node').count()).resolves.toBe(example.document.nodes.length);
      await expect(page.locator('.react-flow__edge').count()).resolves.toBe(example.document.edges.length);
      await expect(problems(page).locator('.problem').count()).resolves.toBe(diagnostics.length);
    }
  });

  it('imports a broken flow JSON, shows its problems, badges the nodes and centres one on click', async () => {
    const fixture = JSON.parse(readFileSync(BROKEN_FIXTURE, 'utf8')) as Flow;
    const expected = validateFlow(fixture).diagnostics;
    expect(expected.map((diagnostic) => diagnostic.code)).toEqual(
      expect.arrayContaining(['TRIGGER', 'DANGLING_EDGE']),
    );

    await page.locator('input[type="file"]').setInputFiles(BROKEN_FIXTURE);
    await page.getByRole('heading', { name: fixture.name }).waitFor();
    await page.getByRole('status').getByText('Imported broken.flow.json').waitFor();
    await expect(
      page.getByRole('navigation', { name: 'Flows' }).getByText(fixture.name).count(),
    ).resolves.toBe(1);

    const panel = problems(page);
    await panel.locator('.problem[data-code="DANGLING_EDGE"]').waitFor();
    await expect(panel.locator('.problem').count()).resolves.toBe(expected.length);
    for (const diagnostic of expected) {
      const item = panel
        .locator(`.problem[data-code="${diagnostic.code}"]`)
        .filter({ hasText: diagnostic.message });
      await expect(item.textContent()).resolves.toContain(diagnostic.severity);
      if (diagnostic.nodeId) await expect(item.textContent()).resolves.toContain(diagnostic.nodeId);
    }
    // Every node the core blames wears a badge; the others do not.
    const blamed = new Set(expected.map((diagnostic) => diagnostic.nodeId).filter(Boolean));
    for (const node of fixture.nodes) {
      const badge = page.locator(`.flow-node[data-node-id="${node.id}"] .flow-node__badge`);
      await expect(badge.count()).resolves.toBe(blamed.has(node.id) ? 1 : 0);
    }

    // Clicking a problem selects its node and brings it to the middle of the canvas.
    const trigger = expected.find((diagnostic) => diagnostic.code === 'TRIGGER' && diagnostic.nodeId);
    await panel.locator('.problem[data-code="TRIGGER"]').first().click();
    const node = page.locator(`.react-flow__node[data-id="${trigger?.nodeId}"]`);
    await page.locator(`.react-flow__node.selected[data-id="${trigger?.nodeId}"]`).waitFor();
    await page.waitForTimeout(450); // the pan is animated (300 ms)
    const [box, canvas] = await Promise.all([node.boundingBox(), page.locator('.canvas').boundingBox()]);
    const centre = (rect: { x: number; y: number; width: number; height: number }) => ({
      x: rect.x + rect.width / 2,
      y: rect.y + rect.height / 2,
    });
    expect(Math.abs(centre(box!).x - centre(canvas!).x)).toBeLessThan(40);
    expect(Math.abs(centre(box!).y - centre(canvas!).y)).toBeLessThan(40);
  });

  it('says so when an imported file is not JSON, and keeps the open flow', async () => {
    await page.locator('input[type="file"]').setInputFiles({
      name: 'half-written.flow.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{ "format": "leadline.flow/v1", "nodes": ['),
    });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.innerText()).resolves.toContain('half-written.flow.json is not valid JSON');
    await expect(
      page.getByRole('navigation', { name: 'Flows' }).getByText('half-written').count(),
    ).resolves.toBe(0);
  });

  it('adds a node with its defaults when a palette item is clicked, and checks it', async () => {
    const example = exampleFlows()[0];
    await openFlow(page, example.document.name);
    const before = await page.locator('.react-flow__node').count();
    const message = getNodeDefinition('message')!;

    await page
      .getByRole('region', { name: 'Add a step' })
      .getByRole('button', { name: message.label, exact: false })
      .first()
      .click();

    await expect(page.locator('.react-flow__node').count()).resolves.toBe(before + 1);
    const added = page.locator('.react-flow__node.selected .flow-node[data-node-type="message"]');
    await added.waitFor();
    const id = await added.getAttribute('data-node-id');
    expect(id).toMatch(/^message_\d+$/);
    await expect(added.locator('.flow-node__summary').innerText()).resolves.toBe(
      String((message.defaults as { text?: unknown }).text ?? ''),
    );
    await expect(added.locator('.flow-node__port').count()).resolves.toBe(
      message.ports(message.dataSchema.parse(message.defaults) as never).length,
    );
    // Nothing leads to the new step yet, and the core says so in the problems panel.
    await problems(page).locator(`.problem[data-code="UNREACHABLE"][data-node-id="${id}"]`).waitFor();
    // The new node landed where the author looks: inside the visible canvas.
    const [box, canvas] = await Promise.all([added.boundingBox(), page.locator('.canvas').boundingBox()]);
    expect(box!.x).toBeGreaterThanOrEqual(canvas!.x);
    expect(box!.x + box!.width).toBeLessThanOrEqual(canvas!.x + canvas!.width);
  });

  it('is usable at tablet width: canvas and panels visible side by side or stacked', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await openFlow(page, exampleFlows()[0].document.name);
    for (const selector of ['.canvas', '.flows-sidebar', '.palette', '.problems']) {
      const box = await page.locator(selector).boundingBox();
      expect(box).not.toBeNull();
      expect(box!.width).toBeGreaterThan(150);
      expect(box!.x + box!.width).toBeLessThanOrEqual(768 + 1);
    }
    await expect(
      page
        .locator('.canvas')
        .boundingBox()
        .then((box) => box!.width),
    ).resolves.toBeGreaterThan(450);

    // The simulator and the property panel fold under the canvas and stay usable.
    await openFlow(page, 'Lead capture with qualification');
    await page.getByRole('button', { name: '▶ Simulate' }).click();
    const simulator = page.getByRole('region', { name: 'Simulator' });
    await simulator.getByLabel('Message to the bot').fill('hi');
    await simulator.getByRole('button', { name: 'Send' }).click();
    await simulator.locator('.bubble--out').first().waitFor();
    await page.locator('.flow-node--current').waitFor();
    const [chat, canvas] = await Promise.all([
      simulator.locator('.chat').boundingBox(),
      page.locator('.canvas').boundingBox(),
    ]);
    expect(chat!.y).toBeGreaterThanOrEqual(canvas!.y + canvas!.height - 1);
    expect(chat!.y + chat!.height).toBeLessThanOrEqual(1024);
    expect(canvas!.height).toBeGreaterThan(250);
    await simulator.getByRole('button', { name: 'Close the simulator' }).click();
    await page.locator('.flow-node[data-node-id="start"]').click({ position: { x: 12, y: 12 } });
    const inspector = page.getByRole('region', { name: 'Step properties' });
    await inspector.waitFor();
    const panel = (await inspector.boundingBox())!;
    expect(panel.x + panel.width).toBeLessThanOrEqual(768 + 1);
    expect(panel.width).toBeGreaterThan(300);
  });

  it('takes the documentation screenshot of an example flow (1280x800)', async () => {
    const example =
      exampleFlows().find((flow) => flow.fileName === 'lead-capture.flow.json') ?? exampleFlows()[0];
    await page.setViewportSize({ width: 1280, height: 800 });
    await openFlow(page, example.document.name);
    // Zoomed in on the start of the flow, where the cards are readable in the docs.
    const canvas = (await page.locator('.canvas').boundingBox())!;
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + 60);
    await page.mouse.wheel(0, -500);
    await page.waitForTimeout(400);
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    const png = await page.screenshot({ path: SCREENSHOT });
    // PNG signature, and the size the docs promise.
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(png.readUInt32BE(20)).toBe(800);
  });

  it('signs in, builds a flow with the mouse, fixes W24H, simulates through a time skip, publishes, and reloads it intact', async () => {
    page = await session.openEditor({ signIn: false });
    page.setDefaultTimeout(10_000);

    // Sign in against the API.
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('Workspace').fill(workspace.slug);
    await form.getByLabel('Email').fill('maria@acme.test');
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Flow editor' }).waitFor();

    // The workspace's flows are listed (the sidebar stops moving), then a new flow starts with its
    // trigger and two steps are dragged in from the palette.
    await page.getByRole('region', { name: 'Your flows' }).waitFor();
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
    await page.locator('.react-flow__edge-text', { hasText: "If they don't answer" }).waitFor();

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
    // The fix asks first: the approved templates, a preview with its slots filled, then the choice.
    await problems(page).getByRole('button', { name: 'Choose a template…', exact: true }).click();
    const chooser = page.getByRole('dialog', { name: 'Choose a template' });
    await expect(chooser.getByRole('radio').count()).resolves.toBe(1);
    await expect(chooser.getByLabel('Preview').locator('.bubble').innerText()).resolves.toBe(
      'Hi {{contact.name}}, are you still interested?',
    );
    await expect(chooser.getByRole('list', { name: 'Filled with' }).innerText()).resolves.toBe(
      '{{1}} ← the contact’s name',
    );
    // "Hello …!" and "are you still interested?" share no words: the chooser says so, and links to
    // the template builder.
    await chooser.getByRole('note').getByRole('link', { name: 'Create a template' }).waitFor();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'editor-w24h-choose-template.png') });
    await expect(card(page, 'message_1').locator('.flow-node__badge--warning').count()).resolves.toBe(1);
    await chooser.getByRole('button', { name: 'Use this template' }).click();
    await warning.waitFor({ state: 'detached' });
    await card(page, 'message_1').click({ position: { x: 12, y: 12 } });
    await expect(inspector.locator('.template-picker select').inputValue()).resolves.toBe(
      'still_interested|en',
    );
    // Its one body parameter ("Hi {{1}}, ...") is filled with the contact's name: the question was not
    // answered on the way to this step (it timed out), so its saved name is not there to use.
    const slots = inspector.locator('.template-picker input[type="text"]');
    await expect(
      slots.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)),
    ).resolves.toEqual(['{{contact.name}}']);

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
    const template = simulator.locator('.bubble--template', { hasText: 'still_interested' });
    await template.waitFor();
    // The contact reads the template complete, with no empty slot where the parameter goes.
    await expect(template.locator('.bubble__text').innerText()).resolves.toBe(
      'Hi Alex, are you still interested?',
    );
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

    // Reload: still signed in; the flow reopens by itself (its address names it), as it was published.
    await page.reload();
    await page
      .getByRole('region', { name: 'Your flows' })
      .locator('[aria-current="true"]', { hasText: 'Untitled flow 1' })
      .waitFor();
    await card(page, 'message_1').waitFor();
    await page.locator('.react-flow__edge').nth(1).waitFor();
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(3);
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(2);
    await expect(page.locator('.toolbar__version').innerText()).resolves.toBe('v1 live');
    // The question's "invalid" port still leads nowhere: the one warning left (DEAD_END).
    await problems(page).getByText('0 errors, 1 warning').waitFor();
    await card(page, 'message_1').click({ position: { x: 12, y: 12 } });
    await expect(inspector.locator('.template-picker select').inputValue()).resolves.toBe(
      'still_interested|en',
    );

    const stored = await harness.prisma.flow.findFirst({
      where: { key: 'untitled-flow-1' },
      include: { activeVersion: true },
    });
    const definition = stored?.activeVersion?.definition as {
      nodes: Array<{ id: string; data: Record<string, unknown> }>;
    };
    expect(definition.nodes.find((node) => node.id === 'question_1')?.data.timeout).toBe('2d');
    expect(definition.nodes.find((node) => node.id === 'message_1')?.data.fallbackTemplate).toEqual({
      name: 'still_interested',
      language: 'en',
      params: ['{{contact.name}}'],
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'editor-workspace.png') });
  }, 60_000);

  it('with an API key: analytics, versions and their diff, keyboard copy/paste/undo/redo/delete, export, duplicate, archive', async () => {
    page = await session.openEditor({ signIn: false });
    page.setDefaultTimeout(10_000);
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByRole('tab', { name: 'API key' }).click();
    await form.getByLabel('API key').fill(workspace.apiKey);
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    const yourFlows = page.getByRole('region', { name: 'Your flows' });
    await yourFlows.getByRole('button', { name: /Lead capture with qualification/ }).click();
    await card(page, 'ask_name').waitFor();

    // Analytics: runs that reached each step and left by each port.
    await page.getByRole('button', { name: 'Analytics' }).click();
    const stats = (id: string) => card(page, id).locator('.flow-node__stats');
    await stats('start').waitFor();
    await expect(stats('start').getAttribute('data-reached')).resolves.toBe('3');
    // The three runs wait (none overdue): in progress, so nobody dropped.
    await expect(stats('start').innerText()).resolves.not.toContain('dropped');
    await expect(card(page, 'start').locator('[data-port-count="next"]').innerText()).resolves.toBe('2');
    await expect(stats('ask_name').getAttribute('data-reached')).resolves.toBe('2');
    await expect(card(page, 'ask_name').locator('[data-port-count="answered"]').innerText()).resolves.toBe(
      '1',
    );
    await expect(stats('done').getAttribute('data-reached')).resolves.toBe('0');
    await page.getByRole('button', { name: 'Analytics' }).click();
    await stats('start').waitFor({ state: 'detached' });

    // Versions: the live one, compared with the (unchanged) draft.
    const versions = page.getByRole('region', { name: 'Versions' });
    await versions.getByRole('button', { name: 'Show versions' }).click();
    await versions.getByText('v1 · live').waitFor();
    await versions.getByRole('button', { name: 'Compare with draft' }).click();
    const changes = page.getByRole('dialog', { name: 'Changes' });
    await changes.getByText('Version 1 → draft').waitFor();
    await changes.getByText('No changes').waitFor();
    await changes.getByRole('button', { name: 'Close' }).click();

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

    // Archive the copy: it leaves the list (its versions and runs stay in the database).
    page.once('dialog', (dialog) => void dialog.accept());
    await page
      .getByRole('region', { name: 'Versions' })
      .getByRole('button', { name: 'Archive flow' })
      .click();
    await page.getByRole('status').getByText('Archived "Lead capture with qualification (copy)".').waitFor();
    await expect(
      yourFlows.locator('.flows-list__file', { hasText: 'lead-capture-copy' }).count(),
    ).resolves.toBe(0);
    const archived = await harness.prisma.flow.findFirst({ where: { key: 'lead-capture-copy' } });
    expect(archived?.archivedAt).toBeInstanceOf(Date);
  }, 60_000);
});
