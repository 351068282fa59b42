import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { publishFlowVersion, type Prisma } from '@leadline/database';
import { hashPassword } from '@leadline/secrets';
import { startE2eStack, type E2eStack } from './support/e2e-stack';
import { STILL_INTERESTED_BODY } from './support/test-channels';
import { startEditorSession, type EditorSession } from '../../apps/editor/test/support/editor-session';
import { screenshotsDir } from '@leadline/testing';

const PASSWORD = 'a long and happy passphrase';
const SCREENSHOTS = screenshotsDir();
const HOUR = 3_600_000;
const CONTACT = '+447700900555';

/** A flow that hands the conversation to a person when the contact asks for one. */
const ASK_HUMAN = {
  format: 'leadline.flow/v1',
  id: 'ask-human',
  name: 'Ask for a person',
  nodes: [
    { id: 'start', type: 'trigger', data: { on: 'keyword', keywords: ['human'], match: 'exact' } },
    { id: 'connect', type: 'message', data: { text: 'Connecting you to a person now.' } },
    { id: 'person', type: 'handoff', data: { note: 'Wants a person' } },
    { id: 'bye', type: 'message', data: { text: 'The bot is back: anything else?' } },
  ],
  edges: [
    { id: 'e0', source: 'start', sourceHandle: 'next', target: 'connect' },
    { id: 'e1', source: 'connect', sourceHandle: 'next', target: 'person' },
  ],
};

/** A small real PNG (a sunny square), so the browser has a picture to draw. */
function png(size = 96): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const sun = (x - size / 2) ** 2 + (y - size / 2) ** 2 < (size / 4) ** 2;
      row.set(sun ? [250, 190, 40] : [120, 180, 230], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the inbox in a browser (real API and worker, fake Meta number, test clock)', () => {
  let stack: E2eStack;
  let session: EditorSession;
  let page: Page;
  const texts = () => stack.fakeMeta.received(CONTACT).map((message) => JSON.stringify(message));

  beforeAll(async () => {
    stack = await startE2eStack({ env: { LEADLINE_TEST_CLOCK: 'true' } });
    // The editor's preview server proxies /api to this stack's API.
    session = await startEditorSession({ apiUrl: stack.apiUrl });
    const passwordHash = await hashPassword(PASSWORD, 4);
    await stack.inTenant(async (tx) => {
      const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: stack.tenantId } });
      await tx.user.create({
        data: {
          tenantId: stack.tenantId,
          email: 'ana@sunrise.test',
          name: 'Ana Agent',
          passwordHash,
          role: 'agent',
        },
      });
      await publishFlowVersion(tx, {
        tenantId: stack.tenantId,
        key: ASK_HUMAN.id,
        name: ASK_HUMAN.name,
        definition: ASK_HUMAN as unknown as Prisma.InputJsonValue,
      });
      await tx.quickReply.create({
        data: {
          tenantId: stack.tenantId,
          title: 'Survey visit',
          body: 'Our surveyor can visit on Tuesday morning.',
        },
      });
      await tx.template.updateMany({
        where: { channelId: stack.metaChannelId, name: 'still_interested' },
        data: { components: [{ type: 'BODY', text: STILL_INTERESTED_BODY }] },
      });
      return tenant.slug;
    });
  }, 240_000);

  afterAll(async () => {
    await fetch(`${stack?.apiUrl}/api/test-clock`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ offsetMs: 0 }),
    }).catch(() => undefined);
    await session?.close();
    await stack?.stop();
  });

  it('shows a handoff live, lets the agent claim and reply, switches to a template after 24 h, shows a photo, and hands back', async () => {
    const slug = (await stack.prisma.tenant.findUniqueOrThrow({ where: { id: stack.tenantId } })).slug;
    page = await session.browser.context.newPage();
    page.on('pageerror', (error) => session.pageErrors.push(error));
    page.setDefaultTimeout(15_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(new URL('/inbox', session.url).href);
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('Workspace').fill(slug);
    await form.getByLabel('Email').fill('ana@sunrise.test');
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByText(/No conversations here yet/).waitFor();

    // A contact writes; the flow hands off; the conversation appears without a reload.
    stack.fakeMeta.userSends({ from: CONTACT, text: 'human', name: 'Pia Contact' });
    const row = page.locator('.inbox__row', { hasText: 'Pia Contact' });
    try {
      await row.waitFor();
      await row.getByText('Waiting for a person').waitFor();
    } catch (error) {
      const state = await stack.inTenant(async (tx) => ({
        conversations: await tx.conversation.findMany({ select: { status: true } }),
        runs: await tx.flowRun.findMany({ select: { status: true, currentNode: true, error: true } }),
        messages: await tx.message.findMany({ select: { direction: true, status: true, body: true } }),
        events: await tx.contactEvent.findMany({
          select: { kind: true, processedAt: true, lastError: true },
        }),
      }));
      await page.screenshot({ path: '/tmp/w17-inbox-fail.png' });
      throw new Error(
        `${(error as Error).message}\n${JSON.stringify(state, null, 1)}\n${await page.locator('.inbox').innerText()}\n${JSON.stringify(stack.errorLogs()).slice(0, 3000)}`,
      );
    }
    await expect(row.innerText()).resolves.toMatch(/Pia Contact[\s\S]*Unassigned/);
    await row.click();
    const chat = page.getByRole('region', { name: /Conversation with/ });
    await chat.locator('.msg--bot', { hasText: 'Connecting you to a person now.' }).waitFor();
    await chat.getByText(/Flow “Ask for a person”: handed to a person/).waitFor();
    await page
      .getByRole('timer')
      .getByText(/23 h \d\d min left to reply freely/)
      .waitFor();

    await chat.getByRole('button', { name: 'Claim' }).click();
    await until(async () => (await chat.getByLabel('Assigned to').inputValue()) !== '', 'claimed');
    await page.keyboard.press('r');
    await page.keyboard.type('Hi Pia, Ana here. How can I help?');
    await page.keyboard.press('Enter');
    await until(() => texts().some((text) => text.includes('Ana here')), 'the reply reached WhatsApp');
    await chat
      .locator('.msg--person', { hasText: 'Ana here' })
      .getByText(/Sent ✓|Delivered|Read/)
      .waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'inbox-chat-open-window.png') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'inbox-chat-open-window-1024.png') });
    await page.setViewportSize({ width: 1440, height: 900 });

    // 25 hours later (the API's and worker's test clock, and the fake's): the window has closed.
    const moved = await fetch(`${stack.apiUrl}/api/test-clock`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ offsetMs: 25 * HOUR }),
    });
    expect(moved.status).toBe(200);
    stack.fakeClock.aheadMs = 25 * HOUR;
    const templateForm = page.getByRole('form', { name: 'Send a template' });
    await templateForm.waitFor({ timeout: 20_000 });
    await expect(page.getByLabel('Your reply').count()).resolves.toBe(0);
    await templateForm.getByLabel('Template').selectOption({ label: 'still interested (en)' });
    await templateForm.getByLabel('Fill in {{1}}').fill('Pia');
    await templateForm
      .getByLabel('Preview')
      .getByText('Hi Pia, are you still interested in going solar? Just reply here.')
      .waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'inbox-chat-closed-window.png') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'inbox-chat-closed-window-1024.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await templateForm.getByRole('button', { name: 'Send template' }).click();
    await until(
      () => texts().some((text) => text.includes('still_interested') && text.includes('Pia')),
      'the template reached WhatsApp with its parameter',
    );

    // The contact answers with a photo: it is downloaded, kept, and shown in the chat.
    stack.fakeMeta.userSends({
      from: CONTACT,
      media: { type: 'image', mimeType: 'image/png', bytes: png(), caption: 'My roof' },
    });
    const photo = chat.getByRole('img', { name: 'My roof' });
    await photo.waitFor({ timeout: 20_000 });
    await until(
      () => photo.evaluate((image) => (image as HTMLImageElement).naturalWidth === 96),
      'the photo is drawn',
    );
    // Its message reopened the window: free text again.
    await page.getByLabel('Your reply').waitFor();

    // A quick reply from the keyboard: q, pick it, Insert; the text lands in the reply box to edit.
    await page.getByLabel('Your reply').blur();
    await page.keyboard.press('q');
    await until(
      () => page.evaluate(() => document.activeElement?.id === 'reply-quick'),
      'q focuses the quick replies',
    );
    await page.getByLabel('Quick reply').selectOption({ label: 'Survey visit' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await until(
      async () =>
        (await page.getByLabel('Your reply').inputValue()) === 'Our surveyor can visit on Tuesday morning.',
      'the quick reply is in the reply box',
    );
    // Focus moves to the reply box once the inserted text is there (a render later, not the same one).
    await until(
      () => page.evaluate(() => document.activeElement?.id === 'reply-text'),
      'the reply box has the focus',
    );
    await page.keyboard.type(' Does 9:00 suit you?');
    await page.keyboard.press('Enter');
    await until(
      () => texts().some((text) => text.includes('Tuesday morning. Does 9:00 suit you?')),
      'the edited quick reply reached WhatsApp',
    );

    // A document from disk: a file of the wrong kind is refused in plain words, then a PDF goes out
    // once through the send path, from a signed link that serves the very file.
    const fileInput = page.getByLabel('Photo or document to send');
    await fileInput.setInputFiles({
      name: 'setup.exe',
      mimeType: 'application/x-msdownload',
      buffer: Buffer.from('MZ'),
    });
    await page
      .getByRole('alert')
      .getByText(/cannot be sent on WhatsApp/)
      .waitFor();
    const pdf = Buffer.from('%PDF-1.4\n% Solar quote for Pia\n%%EOF\n');
    await fileInput.setInputFiles({ name: 'solar-quote.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page
      .getByLabel('Attached file')
      .getByText(/Document: solar-quote\.pdf/)
      .waitFor();
    await page.getByLabel('Your reply').fill('Your quote, as promised');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'inbox-attach-file.png') });
    await page.getByRole('button', { name: 'Send file' }).click();
    try {
      await until(
        () =>
          stack.fakeMeta
            .received(CONTACT)
            .some((message) => JSON.stringify(message).includes('solar-quote.pdf')),
        'the document reached WhatsApp',
      );
    } catch (error) {
      const rows = await stack.inTenant((tx) =>
        tx.message.findMany({
          where: { type: 'media' },
          select: { status: true, errorCode: true, errorMessage: true, body: true },
        }),
      );
      throw new Error(
        `${(error as Error).message}\n${JSON.stringify(rows)}\n${JSON.stringify(stack.errorLogs()).slice(0, 3000)}`,
      );
    }
    const sentDocs = stack.fakeMeta
      .received(CONTACT)
      .filter((message) => message.type === 'document')
      .map((message) => (message.body as { document: { link: string; caption?: string } }).document)
      .filter((document) => document.link.includes('solar-quote.pdf'));
    expect(sentDocs).toHaveLength(1);
    expect(sentDocs[0].caption).toBe('Your quote, as promised');
    const link = new URL(sentDocs[0].link);
    const served = await fetch(`${stack.apiUrl}${link.pathname}${link.search}`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(pdf);
    await chat
      .locator('.msg--person', { hasText: 'solar-quote.pdf' })
      .getByText(/Sent ✓|Delivered|Read/)
      .waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'inbox-sent-file.png') });

    // Hand back to the bot at a chosen step: it speaks again from there.
    await chat.getByLabel('Give back to the bot').selectOption('bye');
    await chat.getByRole('button', { name: 'Hand back to bot' }).click();
    await until(() => texts().some((text) => text.includes('The bot is back')), 'the bot carried on');
    await chat.locator('.msg--bot', { hasText: 'The bot is back: anything else?' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'inbox.png') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'inbox-1024.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'inbox-phone.png') });

    const run = await stack.inTenant((tx) =>
      tx.flowRun.findFirstOrThrow({ where: { flow: { key: 'ask-human' } }, select: { status: true } }),
    );
    expect(run.status).not.toBe('handoff');
    expect(session.pageErrors).toEqual([]);
    expect(stack.errorLogs()).toEqual([]);
  }, 180_000);
});
