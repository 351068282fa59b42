// The editor with a generated 1,000-node flow: how long it takes to open, to check, and to answer an
// edit, an undo and a pan. Builds the editor (Vite), serves it with `vite preview` and drives Debian's
// Chromium (CHROMIUM_PATH) with playwright-core; no API or database is involved.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { validateFlow } from '@leadline/flow-core';
import { numberArg, type BenchArgs } from '../bench-args';
import type { BenchResult } from '../bench-report';

const REPO = path.resolve(__dirname, '../../../..');
const SERVE = path.join(REPO, 'apps/editor/test/support/serve-editor.mjs');

/** A trigger, then a chain of questions and messages; every fifth question branches to an end. */
export function generateLargeFlow(size: number): Record<string, unknown> {
  const nodes: Array<Record<string, unknown>> = [
    { id: 'start', type: 'trigger', data: { on: 'keyword', keywords: ['hi'], match: 'exact' } },
  ];
  const edges: Array<Record<string, unknown>> = [];
  let previous = { id: 'start', port: 'next' };
  for (let index = 1; nodes.length < size; index += 1) {
    const isQuestion = index % 2 === 1;
    const id = `${isQuestion ? 'ask' : 'say'}_${index}`;
    nodes.push(
      isQuestion
        ? {
            id,
            type: 'question',
            data: { text: `Question ${index}?`, save: `answer_${index}`, timeout: '1h' },
          }
        : { id, type: 'message', data: { text: `Thanks, {{vars.answer_${index - 1}}}.` } },
    );
    edges.push({ id: `e_${index}`, source: previous.id, sourceHandle: previous.port, target: id });
    if (isQuestion && index % 5 === 0 && nodes.length < size) {
      const end = `end_${index}`;
      nodes.push({ id: end, type: 'end', data: {} });
      edges.push({ id: `e_${index}_timeout`, source: id, sourceHandle: 'timeout', target: end });
    }
    previous = { id, port: isQuestion ? 'answered' : 'next' };
  }
  return { format: 'leadline.flow/v1', id: 'large-flow', name: `Large flow (${size} steps)`, nodes, edges };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function serveEditor(): Promise<{ url: string; stop(): void }> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'leadline-bench-editor-'));
  const child = spawn(process.execPath, [SERVE, outDir, String(await freePort())], {
    cwd: path.join(REPO, 'apps/editor'),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // Complete lines only: a chunk can end in the middle of the line.
      const line = out
        .split('\n')
        .slice(0, -1)
        .find((candidate) => candidate.startsWith('{"url"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`the editor build/preview exited with ${code}`)));
  });
  return {
    url,
    stop: () => {
      child.kill('SIGTERM');
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function benchEditorLargeFlow(args: BenchArgs): Promise<BenchResult[]> {
  const size = numberArg(args, 'nodes', 1000);
  const flow = generateLargeFlow(size);
  const text = JSON.stringify(flow);

  // The core's check alone, as the editor runs it after every edit.
  validateFlow(flow);
  const validateRuns = Array.from({ length: 5 }, () => {
    const started = performance.now();
    validateFlow(flow);
    return performance.now() - started;
  });

  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: set CHROMIUM_PATH`);
  const editor = await serveEditor();
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(editor.url);
    await page.getByRole('button', { name: /without signing in/ }).click();

    // Open: import the file, until the nodes are drawn and the core's verdict is on screen.
    let started = performance.now();
    await page.locator('input[type="file"]').setInputFiles({
      name: 'large.flow.json',
      mimeType: 'application/json',
      buffer: Buffer.from(text),
    });
    await page.locator('.react-flow__node').first().waitFor();
    await page.locator('.problems__counts').waitFor();
    const openMs = performance.now() - started;
    const drawn = await page.locator('.react-flow__node').count();

    // An edit (add a step from the palette) until the new node is drawn and checked again.
    const editRuns: number[] = [];
    const undoRuns: number[] = [];
    for (let run = 0; run < 5; run += 1) {
      const before = await page.locator('.react-flow__node').count();
      started = performance.now();
      await page.getByRole('region', { name: 'Add a step' }).locator('[data-node-type="end"]').click();
      await page.waitForFunction(
        (count) =>
          (
            globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
          ).document.querySelectorAll('.react-flow__node').length > count,
        before,
      );
      await page.locator('.problems[aria-busy="false"]').waitFor();
      editRuns.push(performance.now() - started);
    }
    for (let run = 0; run < 5; run += 1) {
      const before = await page.locator('.react-flow__node').count();
      started = performance.now();
      await page.keyboard.press('Control+z');
      await page.waitForFunction(
        (count) =>
          (
            globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
          ).document.querySelectorAll('.react-flow__node').length !== count,
        before,
      );
      undoRuns.push(performance.now() - started);
    }

    // Typing in the property panel: the time per keystroke until the field shows it.
    await page
      .locator('.flow-node[data-node-type="question"]')
      .first()
      .click({ position: { x: 12, y: 12 } });
    const field = page.getByRole('region', { name: 'Step properties' }).locator('textarea').first();
    await field.click();
    await page.keyboard.press('End');
    const typed = ' and then some';
    started = performance.now();
    await page.keyboard.type(typed);
    await page.waitForFunction(
      (expected) =>
        (
          globalThis as unknown as {
            document: { querySelector(s: string): { value: string } | null };
          }
        ).document
          .querySelector('.inspector textarea')
          ?.value.endsWith(expected) ?? false,
      typed,
    );
    const keystrokeMs = (performance.now() - started) / typed.length;

    // A one-second pan (dragging the empty canvas), counting the frames the page managed to paint.
    const canvas = (await page.locator('.canvas').boundingBox())!;
    const grab = { x: canvas.x + 30, y: canvas.y + canvas.height - 30 };
    await page.mouse.move(grab.x, grab.y);
    await page.mouse.down();
    const framesDuring = page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let frames = 0;
          const end = performance.now() + 1_000;
          const tick = () => {
            frames += 1;
            if (performance.now() < end) requestAnimationFrame(tick);
            else resolve(frames);
          };
          requestAnimationFrame(tick);
        }),
    );
    for (let step = 1; step <= 20; step += 1) {
      await page.mouse.move(grab.x + step * 5, grab.y - step * 25);
      await page.waitForTimeout(40);
    }
    await page.mouse.up();
    const fps = await framesDuring;

    return [
      {
        name: `editor-${size}-nodes`,
        metrics: {
          'open ms': Math.round(openMs),
          'nodes drawn (visible only)': drawn,
          'validate ms (core, median)': Number(median(validateRuns).toFixed(1)),
          'add step ms (median)': Math.round(median(editRuns)),
          'undo ms (median)': Math.round(median(undoRuns)),
          'keystroke in properties ms': Math.round(keystrokeMs),
          'frames/s while panning': fps,
        },
        notes:
          `${size} nodes, ${(flow.edges as unknown[]).length} edges; headless Chromium, software rendering; ` +
          'the canvas draws only the nodes in view above 200 nodes.',
      },
    ];
  } finally {
    await browser.close();
    editor.stop();
  }
}
