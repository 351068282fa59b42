import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { screenshotsDir } from '@leadline/testing';
import { startEditorSession, type EditorSession } from './support/editor-session';

const SCREENSHOTS = screenshotsDir();

const card = (page: Page, id: string) => page.locator(`.flow-node[data-node-id="${id}"]`);
const sourceHandle = (page: Page, id: string, port: string) =>
  card(page, id).locator(`.react-flow__handle.source[data-handleid="${port}"]`);
const targetHandle = (page: Page, id: string) => card(page, id).locator('.react-flow__handle.target');
/** The connections on the canvas, as "source -> target" (React Flow names each edge so). */
const connections = async (page: Page): Promise<string[]> =>
  (
    await page
      .locator('.react-flow__edge')
      .evaluateAll((edges) => edges.map((edge) => edge.getAttribute('aria-label') ?? ''))
  )
    .map((label) => label.replace(/^Edge from (\S+) to (\S+)$/, '$1 -> $2'))
    .sort();

/** Waits until `read()` gives `expected`, or fails with the last value. */
async function until<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (JSON.stringify(last) !== JSON.stringify(expected)) {
    if (Date.now() > deadline) expect(last).toEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
}

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  const start = await centre(from);
  const end = await centre(to);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 5 });
  await page.mouse.move(end.x, end.y, { steps: 5 });
  await page.mouse.up();
}

// No positions: the editor lays the steps out top to bottom, as for a flow written by hand.
const node = (id: string, type: string, data: Record<string, unknown>) => ({ id, type, data });

/** A flow of `messages` messages in a row after the trigger, and a question with three buttons. */
function longFlow(messages: number) {
  const nodes = [
    node('start', 'trigger', { on: 'keyword', keywords: ['promo'] }),
    node('ask', 'question', {
      text: 'What would you like?',
      save: 'choice',
      buttons: [
        { id: 'deals', title: 'Deals' },
        { id: 'news', title: 'News' },
        { id: 'stop', title: 'Stop' },
      ],
    }),
    ...Array.from({ length: messages }, (_, i) =>
      node(`m${i + 1}`, 'message', { text: `Step ${i + 1}: here is what we have for you today.` }),
    ),
  ];
  const edges = [
    { id: 'e_start', source: 'start', sourceHandle: 'next', target: 'ask' },
    { id: 'e_deals', source: 'ask', sourceHandle: 'option:deals', target: 'm1' },
    { id: 'e_news', source: 'ask', sourceHandle: 'option:news', target: 'm2' },
    { id: 'e_stop', source: 'ask', sourceHandle: 'option:stop', target: 'm3' },
    ...Array.from({ length: messages - 3 }, (_, i) => ({
      id: `e_m${i + 3}`,
      source: `m${i + 3}`,
      sourceHandle: 'next',
      target: `m${i + 4}`,
    })),
  ];
  return { format: 'leadline.flow/v1', id: 'long-promo', name: 'Long promo', nodes, edges };
}

/** Start -> Hello -> Bye, and a spare step: small enough to see every connection. */
const chain = {
  format: 'leadline.flow/v1',
  id: 'chain',
  name: 'Chain',
  nodes: [
    node('start', 'trigger', { on: 'keyword', keywords: ['hi'] }),
    node('hello', 'message', { text: 'Hello!', label: 'Say hello' }),
    node('bye', 'message', { text: 'Bye!', label: 'Say bye' }),
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' },
    { id: 'e2', source: 'hello', sourceHandle: 'next', target: 'bye' },
  ],
};

async function importFlow(page: Page, document: { id: string; name: string }): Promise<void> {
  await page.locator('input[type="file"]').setInputFiles({
    name: `${document.id}.flow.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(document)),
  });
  await page.getByRole('heading', { name: document.name }).waitFor();
  await page.locator('.react-flow__node').first().waitFor();
}

/** The canvas's zoom, from React Flow's viewport transform. */
const zoomOf = (page: Page): Promise<number> =>
  page
    .locator('.react-flow__viewport')
    .evaluate((element) => new DOMMatrixReadOnly(getComputedStyle(element).transform).a);

/** Issue 22 items 4, 5 and 8: a readable canvas and connecting with the mouse. */
describe('the canvas', () => {
  let session: EditorSession;
  let page: Page;

  beforeAll(async () => {
    session = await startEditorSession();
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  beforeEach(async () => {
    page = await session.openEditor();
    page.setDefaultTimeout(15_000);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  afterEach(async () => {
    await page?.close();
    expect(session.pageErrors).toEqual([]);
  });

  it('opens a 20-step flow readable: at a zoom where words can be read, on its trigger, with exits that stay apart', async () => {
    await importFlow(page, longFlow(18));
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(20);
    // Too big to fit at a readable zoom: it opens at that zoom, on the trigger, not as a thumbnail.
    await until(async () => Math.abs((await zoomOf(page)) - 0.8) < 0.01, true);
    const [canvas, trigger] = await Promise.all([
      page.locator('.canvas').boundingBox(),
      card(page, 'start').boundingBox(),
    ]);
    expect(trigger!.y).toBeGreaterThanOrEqual(canvas!.y);
    expect(trigger!.y + trigger!.height).toBeLessThan(canvas!.y + canvas!.height / 2);
    expect(trigger!.x).toBeGreaterThan(canvas!.x);
    expect(trigger!.x + trigger!.width).toBeLessThan(canvas!.x + canvas!.width);
    // A card's words are at least 8 px high on screen.
    const fontSize = await card(page, 'ask')
      .locator('.flow-node__summary')
      .evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    expect(fontSize * (await zoomOf(page))).toBeGreaterThanOrEqual(8);
    // Port handles are big enough to grab.
    const handle = (await sourceHandle(page, 'ask', 'option:deals').boundingBox())!;
    expect(handle.width).toBeGreaterThanOrEqual(12);
    // The three buttons' connections turn at different heights: three lines, not one.
    const turns = await page
      .locator('.react-flow__edge')
      .filter({ has: page.locator('.react-flow__edge-text') })
      .evaluateAll((edges) =>
        edges
          .filter((edge) => /^Edge from ask to/.test(edge.getAttribute('aria-label') ?? ''))
          .map((edge) => {
            const d = edge.querySelector('.react-flow__edge-path')!.getAttribute('d')!;
            // "M x,y L x,y2 ...": the first turn is where the line leaves the exit's column.
            const numbers = d.match(/-?\d+(\.\d+)?/g)!.map(Number);
            return Math.round(numbers[3]);
          }),
      );
    expect(turns).toHaveLength(3);
    expect(new Set(turns).size).toBe(3);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'canvas-long-flow.png') });
  }, 90_000);

  it('inserts a step dropped from the palette onto a connection between its two steps', async () => {
    await importFlow(page, chain);
    await until(() => connections(page), ['hello -> bye', 'start -> hello']);
    const label = page.locator(
      '.react-flow__edge[aria-label="Edge from hello to bye"] .react-flow__edge-text',
    );
    const wait = page
      .getByRole('region', { name: 'Add a step' })
      .getByRole('button', { name: /Wait/ })
      .first();
    const at = await centre(label);
    const canvas = (await page.locator('.canvas').boundingBox())!;
    await wait.dragTo(page.locator('.canvas'), {
      targetPosition: { x: at.x - canvas.x, y: at.y - canvas.y },
    });
    await card(page, 'wait_1').waitFor();
    await until(() => connections(page), ['hello -> wait_1', 'start -> hello', 'wait_1 -> bye']);
    // It did not land on top of another step.
    const boxes = await Promise.all(['hello', 'wait_1', 'bye'].map((id) => card(page, id).boundingBox()));
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1))
        expect(
          a!.x < b!.x + b!.width &&
            b!.x < a!.x + a!.width &&
            a!.y < b!.y + b!.height &&
            b!.y < a!.y + a!.height,
        ).toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'canvas-insert-on-edge.png') });
    // One undo takes the insertion back whole.
    await page.locator('.canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await until(() => connections(page), ['hello -> bye', 'start -> hello']);
  }, 90_000);

  it('replaces the connection of an exit that is already used when dragged to another step', async () => {
    await importFlow(page, chain);
    await until(() => connections(page), ['hello -> bye', 'start -> hello']);
    await drag(page, sourceHandle(page, 'start', 'next'), targetHandle(page, 'bye'));
    await until(() => connections(page), ['hello -> bye', 'start -> bye']);
  }, 90_000);

  it('offers to reconnect when a step is deleted from the middle of a path, in plain words', async () => {
    await importFlow(page, chain);
    await card(page, 'hello').click();
    await page.keyboard.press('Delete');
    await card(page, 'hello').waitFor({ state: 'detached' });
    await until(() => connections(page), []);
    const notice = page.getByRole('status').filter({ hasText: 'Deleted' });
    await expect(notice.innerText()).resolves.toContain(
      'Deleted "Say hello". Connect "Trigger" to "Say bye" instead?',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'canvas-reconnect-offer.png') });
    await notice.getByRole('button', { name: 'Reconnect' }).click();
    await until(() => connections(page), ['start -> bye']);
    await notice.waitFor({ state: 'detached' });
  }, 90_000);
});
