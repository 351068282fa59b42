import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { parseStoredEvent, renderDigest, renderMail, smtpMailSender } from '../src';
import { startMailbox, type Mailbox } from './support';
import { screenshotsDir } from '@leadline/testing';

const SCREENSHOTS = screenshotsDir();
const APP_URL = 'https://app.leadline.test';

const handoff = parseStoredEvent({
  id: '5b0f4d8e-8f0e-4d36-9b52-0b7ad1c2e001',
  tenantId: '5b0f4d8e-8f0e-4d36-9b52-0b7ad1c2e002',
  type: 'conversation.handoff',
  contactId: '5b0f4d8e-8f0e-4d36-9b52-0b7ad1c2e003',
  conversationId: '5b0f4d8e-8f0e-4d36-9b52-0b7ad1c2e004',
  payload: {
    contact: { name: 'Ada Lovelace', phone: '+447700900123' },
    note: 'Wants a quote for 40 m² of tiles',
  },
  occurredAt: new Date('2026-12-06T22:04:00Z'),
});

// The e-mail as a person sees it: sent through a real SMTP server, parsed back, rendered by Chromium.
describe('a notification e-mail, rendered', () => {
  let mailbox: Mailbox;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    mailbox = await startMailbox();
    profile = mkdtempSync(path.join(os.tmpdir(), 'leadline-mail-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
      viewport: { width: 1024, height: 768 },
    });
  });

  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    await mailbox?.close();
  });

  it('shows the title, the note and a button that opens the conversation', async () => {
    const mail = renderMail(handoff, {
      appUrl: APP_URL,
      workspaceName: 'Acme Tiles',
      includeMessageText: false,
    });
    const sender = smtpMailSender(mailbox.url, 'Leadline <notify@leadline.test>');
    await sender.send({ ...mail, to: 'ana@acme.test' });
    sender.close?.();
    const received = mailbox.mails[0]!;
    expect(received.text).toContain(`Open the conversation: ${APP_URL}/inbox/${handoff.conversationId}`);

    const page = await context.newPage();
    await page.setContent(received.html as string);
    const button = page.getByRole('link', { name: 'Open the conversation' });
    expect(await button.getAttribute('href')).toBe(`${APP_URL}/inbox/${handoff.conversationId}`);
    expect(await page.getByRole('heading').textContent()).toBe(
      'Ada Lovelace (+447700900123) is waiting for a person',
    );
    await expect(
      page.getByText('Wants a quote for 40 m² of tiles', { exact: false }).isVisible(),
    ).resolves.toBe(true);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notification-email.png'), fullPage: true });
    await page.close();
  });

  it('a digest lists each event with its own link', async () => {
    const events = [1, 2, 3].map((i) =>
      parseStoredEvent({
        id: `5b0f4d8e-8f0e-4d36-9b52-0b7ad1c2e10${i}`,
        tenantId: handoff.tenantId,
        type: 'lead.captured',
        contactId: `5b0f4d8e-8f0e-4d36-9b52-0b7ad1c2e20${i}`,
        conversationId: null,
        payload: { contact: { name: `Lead ${i}`, phone: `+44770090010${i}` }, flow: 'quote' },
        occurredAt: new Date(),
      }),
    );
    const digest = renderDigest(events, {
      appUrl: APP_URL,
      workspaceName: 'Acme Tiles',
      includeMessageText: false,
    });
    const page = await context.newPage();
    await page.setContent(digest.html);
    const links = page.getByRole('listitem').getByRole('link');
    expect(await links.count()).toBe(3);
    expect(await links.nth(1).getAttribute('href')).toBe(`${APP_URL}/contacts/${events[1]!.contactId}`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notification-digest.png'), fullPage: true });
    await page.close();
  });
});
