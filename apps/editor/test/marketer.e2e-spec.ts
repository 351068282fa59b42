import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { PASSWORD, startEditorWithApi, type EditorWithApi } from './support/editor-with-api';
import { screenshotsDir } from '@leadline/testing';

const SCREENSHOTS = screenshotsDir();

const card = (page: Page, id: string) => page.locator(`.flow-node[data-node-id="${id}"]`);
const saveStatus = (page: Page) => page.getByRole('status', { name: 'Save status' });

async function signIn(page: Page, slug: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Workspace').fill(slug);
  await form.getByLabel('Email').fill('maria@acme.test');
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('region', { name: 'Your flows' }).waitFor();
}

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

/**
 * What issue 22 found a marketer trips over, tried the way they work: with the mouse, two tabs,
 * reloads. One build, one API on a fresh database and one browser for the file.
 */
describe('the flow editor for a marketer', () => {
  let harness: EditorWithApi;
  let page: Page;

  beforeAll(async () => {
    harness = await startEditorWithApi();
  }, 240_000);

  afterAll(async () => {
    await harness?.close();
  });

  afterEach(async () => {
    expect(harness.session.pageErrors).toEqual([]);
  });

  it('never loses work: autosaves, reopens after a reload, a new flow after a reload saves, and two tabs do not overwrite each other', async () => {
    page = await harness.session.openEditor({ signIn: false });
    page.setDefaultTimeout(10_000);
    await signIn(page, harness.workspace.slug);

    // A new flow is in the workspace at once, under a free id made from its name.
    await page.getByRole('button', { name: 'New flow' }).click();
    await card(page, 'start').waitFor();
    await until(() => page.locator('.toolbar__flow-id').innerText(), 'untitled-flow-1');
    await until(() => saveStatus(page).innerText(), 'All changes saved');
    expect(new URL(page.url()).pathname).toBe('/flows/untitled-flow-1');

    // An edit is saved without a Save click: unsaved, then saved; the database has it.
    await page.getByRole('region', { name: 'Add a step' }).locator('[data-node-type="message"]').click();
    await card(page, 'message_1').waitFor();
    await until(() => saveStatus(page).innerText(), 'All changes saved');
    const stored = await harness.prisma.flow.findFirst({ where: { key: 'untitled-flow-1' } });
    expect((stored?.draft as { nodes: Array<{ id: string }> }).nodes.map((node) => node.id)).toEqual([
      'start',
      'message_1',
    ]);

    // A reload reopens the flow that was open, with the step.
    await page.reload();
    await card(page, 'message_1').waitFor();
    await expect(page.locator('.toolbar__flow-id').innerText()).resolves.toBe('untitled-flow-1');

    // After the reload, "New flow" picks the next free id and saves (it used to reuse untitled-1).
    await page.getByRole('button', { name: 'New flow' }).click();
    await until(() => page.locator('.toolbar__flow-id').innerText(), 'untitled-flow-2');
    await until(() => saveStatus(page).innerText(), 'All changes saved');
    await expect(
      harness.prisma.flow.count({ where: { key: { startsWith: 'untitled-flow-' } } }),
    ).resolves.toBe(2);

    // Two tabs on the same flow: the second tab's save lands first; the first tab's stale save is
    // refused and shown, the second tab's work is not overwritten.
    await page.goto(new URL('/flows/untitled-flow-1', harness.session.url).href);
    await card(page, 'message_1').waitFor();
    const other = await harness.session.browser.context.newPage();
    other.on('pageerror', (error) => harness.session.pageErrors.push(error));
    other.setDefaultTimeout(10_000);
    // A tab keeps its own session (sessionStorage): the second tab signs in, as a colleague would.
    await other.goto(new URL('/flows/untitled-flow-1', harness.session.url).href);
    await signIn(other, harness.workspace.slug);
    await card(other, 'message_1').waitFor();
    await other.getByLabel('Name', { exact: true }).fill('Saved in the other tab');
    await until(() => saveStatus(other).innerText(), 'All changes saved');

    await page.getByLabel('Name', { exact: true }).fill('Typed in the first tab');
    await page.getByRole('alertdialog', { name: 'Changed elsewhere' }).waitFor();
    await expect(saveStatus(page).innerText()).resolves.toBe('Not saved: changed elsewhere');
    const kept = await harness.prisma.flow.findFirst({ where: { name: 'Saved in the other tab' } });
    expect(kept).not.toBeNull();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'editor-conflict.png') });

    // Leaving with unsaved work asks first; staying keeps the typed name.
    const asked = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.type());
        void dialog.dismiss();
      }),
    );
    await page.reload({ timeout: 3_000 }).catch(() => undefined);
    await expect(asked).resolves.toBe('beforeunload');
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe(
      'Typed in the first tab',
    );

    // The author takes the other tab's version.
    await page.getByRole('button', { name: 'Load their version' }).click();
    await until(() => page.getByLabel('Name', { exact: true }).inputValue(), 'Saved in the other tab');
    await until(() => saveStatus(page).innerText(), 'All changes saved');
    await other.close();
  }, 90_000);

  it('derives flow ids from the name, lets them be edited before publishing, and duplicates under a free id', async () => {
    // Still signed in (the tab keeps its session).
    await page.goto(new URL('/flows/untitled-flow-2', harness.session.url).href);
    await card(page, 'start').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Spring promo!');
    await until(() => page.getByLabel('Flow ID').inputValue(), 'spring-promo');
    await until(() => saveStatus(page).innerText(), 'All changes saved');
    await until(
      async () => (await harness.prisma.flow.findFirst({ where: { name: 'Spring promo!' } }))?.key,
      'spring-promo',
    );
    expect(new URL(page.url()).pathname).toBe('/flows/spring-promo');

    // An id typed by hand is kept as typed (made valid), and no longer follows the name.
    await page.getByLabel('Flow ID').fill('Promo 2026');
    await until(() => page.getByLabel('Flow ID').inputValue(), 'promo-2026');
    await page.getByLabel('Name', { exact: true }).fill('Spring promo 2026');
    await expect(page.getByLabel('Flow ID').inputValue()).resolves.toBe('promo-2026');
    await until(() => saveStatus(page).innerText(), 'All changes saved');

    // Duplicate twice: two free ids, the right names, and a notice naming the copy.
    await page.getByRole('button', { name: 'Duplicate' }).click();
    await page.getByText('Duplicated as "Spring promo 2026 (copy)"').waitFor();
    await until(() => page.locator('.toolbar__flow-id').innerText(), 'promo-2026-copy');
    await page.goto(new URL('/flows/promo-2026', harness.session.url).href);
    await card(page, 'start').waitFor();
    await page.getByRole('button', { name: 'Duplicate' }).click();
    await until(() => page.locator('.toolbar__flow-id').innerText(), 'promo-2026-copy-2');
    const keys = (await harness.prisma.flow.findMany({ select: { key: true } })).map((row) => row.key).sort();
    expect(keys).toEqual(expect.arrayContaining(['promo-2026', 'promo-2026-copy', 'promo-2026-copy-2']));
  }, 60_000);

  it('flags a question whose "invalid" answer leads nowhere until it is connected; "Promo!" starts a "promo" flow', async () => {
    const guest = await harness.session.openEditor();
    guest.setDefaultTimeout(10_000);
    const promo = {
      format: 'leadline.flow/v1',
      id: 'promo',
      name: 'Spring promo',
      nodes: [
        {
          id: 'start',
          type: 'trigger',
          position: { x: 0, y: 0 },
          data: { on: 'keyword', keywords: ['promo'] },
        },
        {
          id: 'ask_size',
          type: 'question',
          position: { x: 0, y: 160 },
          data: { text: 'Which size?', save: 'size', buttons: [{ id: 's', title: 'Small' }] },
        },
        {
          id: 'sorry',
          type: 'message',
          position: { x: 360, y: 360 },
          data: { text: 'Sorry, a colleague will help.' },
        },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask_size' },
        { id: 'e2', source: 'ask_size', sourceHandle: 'answered', target: 'sorry' },
      ],
    };
    await guest.locator('input[type="file"]').setInputFiles({
      name: 'promo.flow.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(promo)),
    });
    const invalidPort = card(guest, 'ask_size').locator('[data-port="invalid"]');
    await guest.locator('[data-port="invalid"][data-dead-end="true"]').waitFor();
    await expect(invalidPort.getAttribute('title')).resolves.toContain('if the answer is not valid');
    const problems = guest.getByRole('region', { name: 'Problems' });
    await problems.locator('.problem[data-code="DEAD_END"][data-node-id="ask_size"]').waitFor();
    await guest.screenshot({ path: path.join(SCREENSHOTS, 'editor-dead-end.png') });

    // Connecting the port to a step that says something clears the flag.
    const from = (await invalidPort.locator('.react-flow__handle').boundingBox())!;
    const to = (await card(guest, 'sorry').locator('.react-flow__handle.target').boundingBox())!;
    await guest.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await guest.mouse.down();
    await guest.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    await guest.mouse.up();
    await guest.locator('[data-dead-end="true"]').waitFor({ state: 'detached' });
    await expect(problems.locator('.problem[data-code="DEAD_END"]').count()).resolves.toBe(0);

    // The simulator: a contact writes "Promo!" and the "promo" flow starts.
    await guest.getByRole('button', { name: '▶ Simulate' }).click();
    const simulator = guest.getByRole('region', { name: 'Simulator' });
    // A message that starts nothing says why.
    await simulator.getByLabel('Message to the bot').fill('hello');
    await simulator.getByRole('button', { name: 'Send' }).click();
    await expect(simulator.getByRole('note').innerText()).resolves.toBe(
      'That message started nothing: this flow starts on the message “promo” (case and punctuation do not matter).',
    );
    await simulator.getByLabel('Message to the bot').fill('Promo!');
    await simulator.getByRole('button', { name: 'Send' }).click();
    await simulator.locator('.bubble--out', { hasText: 'Which size?' }).waitFor();
    await guest.close();
  }, 60_000);

  it('gives a new question a variable of its own, and new buttons that are valid and make it expect a choice', async () => {
    const guest = await harness.session.openEditor();
    guest.setDefaultTimeout(10_000);
    await guest.getByRole('button', { name: 'New flow' }).click();
    await card(guest, 'start').waitFor();
    const palette = guest.getByRole('region', { name: 'Add a step' });
    await palette.locator('[data-node-type="question"]').click();
    await card(guest, 'question_1').waitFor();
    await palette.locator('[data-node-type="question"]').click();
    await card(guest, 'question_2').waitFor();
    const inspector = guest.getByRole('region', { name: 'Step properties' });
    await expect(inspector.locator('[data-field="save"] input').inputValue()).resolves.toBe('answer_2');

    // Two cards never sit on top of each other.
    const [a, b] = await Promise.all([
      card(guest, 'question_1').boundingBox(),
      card(guest, 'question_2').boundingBox(),
    ]);
    const overlap = !(
      a!.x + a!.width <= b!.x ||
      b!.x + b!.width <= a!.x ||
      a!.y + a!.height <= b!.y ||
      b!.y + b!.height <= a!.y
    );
    expect(overlap).toBe(false);

    await inspector.getByRole('button', { name: /Add buttons/ }).click();
    await card(guest, 'question_2').locator('[data-port="option:option_1"]').waitFor();
    await expect(inspector.locator('[data-field="expect"] select').inputValue()).resolves.toBe('choice');
    const problems = guest.getByRole('region', { name: 'Problems' });
    // The check of the flow with its new buttons has landed (a problem of question_2 may already be
    // on screen from the check before the buttons, so waiting for one proves nothing).
    await problems.and(guest.locator('[aria-busy="false"]')).waitFor();
    await problems.locator('.problem[data-node-id="question_2"]').first().waitFor();
    await expect(problems.locator('.problem[data-code="SCHEMA"]').count()).resolves.toBe(0);
    await guest.close();
  }, 60_000);

  it('keeps Publish disabled with the reasons while the flow has errors, and warns when a live flow owns the keyword', async () => {
    // A new flow's trigger answers "hi", which the live lead-capture example already starts on.
    page = await harness.session.openEditor({ signIn: false });
    page.setDefaultTimeout(10_000);
    await signIn(page, harness.workspace.slug);
    await page.getByRole('button', { name: 'New flow' }).click();
    await card(page, 'start').waitFor();
    const publish = page.getByRole('button', { name: 'Publish…' });
    await until(() => publish.isEnabled(), true);

    // A second trigger is an error: Publish is disabled and says why, one click from the step.
    await page.getByRole('region', { name: 'Add a step' }).locator('[data-node-type="trigger"]').click();
    await card(page, 'trigger_1').waitFor();
    await until(() => publish.isEnabled(), false);
    const blockers = page.locator('#publish-blockers');
    await expect(blockers.locator('summary').innerText()).resolves.toMatch(
      /Can’t publish yet: \d+ problems? to fix/,
    );
    await blockers.locator('summary').click();
    await expect(
      blockers.getByRole('list', { name: 'What stops publishing' }).innerText(),
    ).resolves.toContain('trigger');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'editor-publish-blocked.png') });
    await blockers.locator('summary').click();
    await card(page, 'trigger_1').click({ position: { x: 12, y: 12 } });
    await page.keyboard.press('Delete');
    await until(() => publish.isEnabled(), true);

    // Publishing: the dialog warns that "hi" already starts the live lead-capture flow.
    await publish.click();
    const dialog = page.getByRole('dialog', { name: 'Publish' });
    const warning = dialog.getByRole('alert');
    await warning.waitFor();
    await expect(warning.innerText()).resolves.toContain(
      '“hi” already starts the live flow “Lead capture with qualification”',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'editor-publish-keyword-conflict.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  }, 60_000);

  it('fits a laptop (1440×900) and a small window (1024×768): every toolbar action and Sign out in reach', async () => {
    page = await harness.session.openEditor({ signIn: false });
    page.setDefaultTimeout(10_000);
    await signIn(page, harness.workspace.slug);
    await page
      .getByRole('region', { name: 'Your flows' })
      .getByRole('button', { name: /Lead capture with qualification/ })
      .click();
    await card(page, 'ask_name').waitFor();
    for (const [width, height] of [
      [1440, 900],
      [1024, 768],
    ]) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(300);
      for (const name of ['New flow', 'Import JSON', 'Publish…', 'Sign out']) {
        const box = await page.getByRole('button', { name, exact: true }).boundingBox();
        expect(box).not.toBeNull();
        expect(box!.x + box!.width).toBeLessThanOrEqual(width);
        expect(box!.y + box!.height).toBeLessThanOrEqual(height);
      }
      // The palette is the first thing in the sidebar, not below two lists of flows.
      const palette = await page.getByRole('region', { name: 'Add a step' }).boundingBox();
      expect(palette!.y).toBeLessThan(height / 2);
      await page.screenshot({ path: path.join(SCREENSHOTS, `editor-${width}x${height}.png`) });
    }
  }, 60_000);

  it('drags from a port into empty space, picks a step there, and gets it connected', async () => {
    const guest = await harness.session.openEditor();
    guest.setDefaultTimeout(10_000);
    await guest.getByRole('button', { name: 'New flow' }).click();
    await card(guest, 'start').waitFor();
    const handle = (await card(guest, 'start')
      .locator('.react-flow__handle.source[data-handleid="next"]')
      .boundingBox())!;
    const from = { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 };
    await guest.mouse.move(from.x, from.y);
    await guest.mouse.down();
    await guest.mouse.move(from.x + 40, from.y + 120, { steps: 6 });
    await guest.mouse.move(from.x + 60, from.y + 220, { steps: 6 });
    await guest.mouse.up();
    const menu = guest.getByRole('menu', { name: 'Add a connected step' });
    await menu.getByRole('menuitem', { name: /Message/ }).click();
    await card(guest, 'message_1').waitFor();
    await menu.waitFor({ state: 'detached' });
    await guest.locator('.react-flow__edge').first().waitFor();
    await expect(guest.locator('.react-flow__edge').count()).resolves.toBe(1);
    await expect(guest.locator('.react-flow__edge-text').first().textContent()).resolves.toBe('Then');
    // The new step is where the connection was dropped: below the trigger.
    const [start, added] = await Promise.all([
      card(guest, 'start').boundingBox(),
      card(guest, 'message_1').boundingBox(),
    ]);
    expect(added!.y).toBeGreaterThan(start!.y + start!.height);
    await guest.close();
  }, 60_000);
  it('speaks plain words: exits and connections, setting labels, and the old and new text before publishing', async () => {
    const guest = await harness.session.openEditor({ signIn: false });
    guest.setDefaultTimeout(10_000);
    await signIn(guest, harness.workspace.slug);
    await guest
      .getByRole('region', { name: 'Your flows' })
      .getByRole('button', { name: /Lead capture with qualification/ })
      .click();
    await card(guest, 'ask_name').waitFor();

    // Exits read as what happens, on the card and on the connection; no port ids.
    await expect(card(guest, 'ask_name').locator('.flow-node__port-label').allInnerTexts()).resolves.toEqual([
      'If they answer',
      'If the answer is not valid',
      "If they don't answer",
      'If the 24-hour window is closed',
    ]);
    const edgeTexts = await guest.locator('.react-flow__edge-text').allTextContents();
    expect(edgeTexts).toEqual(expect.arrayContaining(["If they don't answer", 'If they reply', 'Otherwise']));
    for (const id of ['next', 'answered', 'timeout', 'invalid', 'replied', 'elapsed', 'else']) {
      expect(edgeTexts).not.toContain(id);
    }

    // Setting labels are sentence case and say what the setting is for.
    await card(guest, 'welcome').click({ position: { x: 12, y: 12 } });
    const inspector = guest.getByRole('region', { name: 'Step properties' });
    await expect(inspector.locator('[data-field="text"] .field__label').first().innerText()).resolves.toBe(
      'What the bot says',
    );
    await inspector.locator('[data-field="text"] textarea').fill('Hi! Spring offer: 20% off solar panels.');
    await until(() => saveStatus(guest).innerText(), 'All changes saved');

    // The publish dialog shows what contacts read today and what they will read.
    await guest.getByRole('button', { name: 'Publish…' }).click();
    const dialog = guest.getByRole('dialog', { name: 'Publish' });
    const words = dialog.locator('.diff__text[data-node-id="welcome"]');
    await words.waitFor();
    await expect(words.locator('del').innerText()).resolves.toBe(
      'Hi! 👋 Thanks for contacting Sunrise Solar. Three quick questions and the right person will get back to you.',
    );
    await expect(words.locator('ins').innerText()).resolves.toBe('Hi! Spring offer: 20% off solar panels.');
    await guest.screenshot({ path: path.join(SCREENSHOTS, 'editor-publish-text-diff.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await guest.close();
  }, 60_000);
  it('shows on each card what the bot says: the text, the buttons as chips, the answer a question expects', async () => {
    const guest = await harness.session.openEditor({ signIn: false });
    guest.setDefaultTimeout(10_000);
    await signIn(guest, harness.workspace.slug);
    await guest
      .getByRole('region', { name: 'Your flows' })
      .getByRole('button', { name: /Lead capture with qualification/ })
      .click();
    await card(guest, 'ask_need').waitFor();
    await guest.getByRole('button', { name: 'Auto-layout' }).click();

    await expect(card(guest, 'ask_need').locator('.flow-node__summary').innerText()).resolves.toBe(
      'Nice to meet you, {{vars.name}}! What are you interested in?',
    );
    await expect(
      card(guest, 'ask_need').getByRole('list', { name: 'Buttons' }).getByRole('listitem').allInnerTexts(),
    ).resolves.toEqual(['Home solar', 'Business solar', 'Battery only']);
    await expect(card(guest, 'ask_need').locator('.flow-node__expects').innerText()).resolves.toBe(
      'Expects one of the choices',
    );
    await expect(card(guest, 'ask_budget').locator('.flow-node__expects').innerText()).resolves.toBe(
      'Expects a number',
    );
    await expect(card(guest, 'name_reminder').locator('.flow-node__summary').innerText()).resolves.toBe(
      'Sends the template “still_interested”',
    );
    await expect(card(guest, 'wait_reply').locator('.flow-node__summary').innerText()).resolves.toBe(
      'Waits 2d, or until they reply',
    );
    // Laid out, no two cards overlap, however long their texts.
    const boxes = await guest
      .locator('.flow-node')
      .evaluateAll((nodes) =>
        nodes
          .map((node) => node.getBoundingClientRect())
          .map(({ x, y, width, height }) => ({ x, y, width, height })),
      );
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const overlap =
          a.x + a.width > b.x && b.x + b.width > a.x && a.y + a.height > b.y && b.y + b.height > a.y;
        expect(overlap).toBe(false);
      }
    }
    // Zoomed in on the questions, as a marketer reads them.
    await card(guest, 'ask_need').click({ position: { x: 12, y: 12 } });
    for (let i = 0; i < 4; i++) {
      const box = (await card(guest, 'ask_need').boundingBox())!;
      await guest.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await guest.mouse.wheel(0, -200);
      await guest.waitForTimeout(150);
    }
    await guest.locator('.canvas').screenshot({ path: path.join(SCREENSHOTS, 'editor-readable-cards.png') });
    await guest.close();
  }, 60_000);
  it('marks a new day in the simulator chat after a time skip', async () => {
    const guest = await harness.session.openEditor({ signIn: false });
    guest.setDefaultTimeout(10_000);
    await signIn(guest, harness.workspace.slug);
    await guest
      .getByRole('region', { name: 'Your flows' })
      .getByRole('button', { name: /Lead capture with qualification/ })
      .click();
    await card(guest, 'ask_name').waitFor();
    await guest.getByRole('button', { name: '▶ Simulate' }).click();
    const simulator = guest.getByRole('region', { name: 'Simulator' });
    const chat = simulator.getByRole('list', { name: 'Conversation' });
    await simulator.getByLabel('Message to the bot').fill('hi');
    await simulator.getByRole('button', { name: 'Send' }).click();
    await chat.locator('.bubble--out', { hasText: "what's your name?" }).waitFor();
    const days = chat.getByRole('separator');
    await expect(days.count()).resolves.toBe(1);
    const firstDay = await days.first().getAttribute('aria-label');

    // A day without an answer: the reminder goes out the next day, under a new day line.
    await simulator.getByRole('group', { name: 'Skip time' }).getByRole('button', { name: '+1 day' }).click();
    await chat.locator('.bubble--template').waitFor();
    await expect(days.count()).resolves.toBe(2);
    const secondDay = await days.nth(1).getAttribute('aria-label');
    expect(secondDay).not.toBe(firstDay);
    expect(secondDay).toMatch(/^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}$/);
    // The line sits between the question and the reminder.
    const order = await chat
      .locator('li')
      .evaluateAll((items) =>
        items.map((item) => (item.getAttribute('role') === 'separator' ? 'day' : 'message')),
      );
    expect(order).toEqual(['day', 'message', 'message', 'message', 'day', 'message']);
    await simulator.screenshot({ path: path.join(SCREENSHOTS, 'editor-simulator-days.png') });
    await guest.close();
  }, 60_000);
});
