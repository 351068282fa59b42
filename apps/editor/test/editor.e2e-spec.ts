import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { getNodeDefinition, validateFlow, type Flow } from '@leadline/flow-core';
import { startEditorSession, type EditorSession } from './support/editor-session';

const REPO = path.resolve(__dirname, '../../..');
const FLOWS_DIR = path.join(REPO, 'flows');
const BROKEN_FIXTURE = path.join(__dirname, 'fixtures/broken.flow.json');
const SCREENSHOT = path.join(REPO, 'docs/screenshots/editor-canvas.png');

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

function problems(page: Page) {
  return page.getByRole('region', { name: 'Problems' });
}

describe('editor in a browser', () => {
  let session: EditorSession;
  let page: Page;

  beforeAll(async () => {
    session = await startEditorSession();
  }, 90_000);

  afterAll(async () => {
    await session?.close();
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
});
