import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { CampaignDispatcher } from '@leadline/campaigns';
import { withTenant } from '@leadline/database';
import { bullConnection, EmbeddedEngine, EngineClient, publishOutbox, systemClock } from '@leadline/engine';
import { testRedisUrl, screenshotsDir } from '@leadline/testing';
import { RecordingProvider } from '../../../libs/engine/test/support/recording-provider';
import { PASSWORD, startEditorWithApi, type EditorWithApi } from './support/editor-with-api';
import { holdBack } from './support/hold-back';

const SCREENSHOTS = screenshotsDir();
const PHONES = ['+351912000101', '+351912000102', '+351912000103', '+351912000104'];

/**
 * A person creates and starts a campaign in the web app, and watches its numbers move as the engine
 * (running in this process, with a provider that records sends) messages the contacts, Meta-style
 * statuses arrive and one contact replies.
 */
describe('campaigns in the browser', () => {
  let harness: EditorWithApi;
  let engine: EmbeddedEngine;
  let dispatcher: CampaignDispatcher;
  let client: EngineClient;
  let tenantId: string;
  let channel: { id: string; phoneNumberId: string };
  const recorder = new RecordingProvider();
  let page: Page;

  beforeAll(async () => {
    harness = await startEditorWithApi();
    const { prisma } = harness;
    const tenant = await prisma.tenant.findUniqueOrThrow({ where: { slug: harness.workspace.slug } });
    tenantId = tenant.id;
    channel = await withTenant(prisma, tenantId, async (tx) => {
      await tx.contact.createMany({
        data: PHONES.map((phone, n) => ({
          tenantId,
          phone,
          name: ['Rita', 'Bruno', 'Carla', 'Duarte'][n],
          tags: ['spring'],
          optInState: n === 3 ? ('opted_out' as const) : ('opted_in' as const),
        })),
      });
      return tx.channel.findFirstOrThrow({ select: { id: true, phoneNumberId: true } });
    });
    engine = new EmbeddedEngine({
      prisma,
      redis: bullConnection(testRedisUrl()),
      providers: () => recorder,
      queuePrefix: `campaigns-e2e-${randomUUID().slice(0, 8)}`,
      pairLimit: false,
      sweepIntervalMs: 500,
      channelPollMs: 250,
    });
    await engine.start();
    client = new EngineClient(prisma, engine.queue, systemClock);
    dispatcher = new CampaignDispatcher({
      prisma,
      publish: (id) => publishOutbox(prisma, engine.queue, systemClock, id),
      tickMs: 250,
    });
    dispatcher.start();
  }, 120_000);

  afterAll(async () => {
    await dispatcher?.stop();
    await engine?.stop();
    await harness?.close();
  });

  afterEach(async () => {
    // What the page showed when a step failed, for the person reading the failure.
    if (page && !page.isClosed())
      await page.screenshot({ path: path.join(os.tmpdir(), 'campaigns-e2e-failure.png') });
    expect(harness.session.pageErrors).toEqual([]);
  });

  async function signIn(): Promise<Page> {
    const opened = await harness.session.openEditor({ signIn: false });
    await opened.getByLabel('Workspace').fill(harness.workspace.slug);
    await opened.getByLabel('Email').fill('maria@acme.test');
    await opened.getByLabel('Password').fill(PASSWORD);
    await opened.getByRole('button', { name: 'Sign in' }).click();
    await opened.getByRole('link', { name: 'Campaigns' }).click();
    await opened.getByRole('heading', { name: 'Campaigns' }).waitFor();
    return opened;
  }

  const funnel = (label: string) => page.getByTestId(`funnel-${label}`);
  async function waitForText(locator: ReturnType<Page['getByTestId']>, text: string) {
    await locator.filter({ hasText: new RegExp(`^${text}$`) }).waitFor({ timeout: 20_000 });
  }

  it('creates a campaign with a live preview, starts it and watches sent, delivered, read and replied move', async () => {
    page = await signIn();
    await page.getByText('No campaigns yet').waitFor();
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByLabel('Name').fill('Spring offer');
    await page.getByLabel('Message template').selectOption({ label: 'still_interested (en, marketing)' });
    await page.getByLabel('Tags').fill('spring');
    await page.getByLabel('When someone replies, continue with the flow').selectOption({ index: 1 });
    // The preview shows the message with the first contact's name, and how many it goes to.
    const preview = page.getByRole('complementary', { name: 'Preview' });
    await preview.getByText('4 contacts').waitFor();
    await preview.getByText(/^Hi (Rita|Bruno|Carla|Duarte), are you still interested\?$/).waitFor();
    // Typed text instead of the contact's name shows at once.
    await page.getByLabel('Value of {{1}}').selectOption({ label: 'Text I type' });
    await page.getByLabel('Text for {{1}}').fill('neighbour');
    await preview.getByText('Hi neighbour, are you still interested?').waitFor();
    await page.getByLabel('Value of {{1}}').selectOption({ label: "Contact's name" });
    await preview.getByText(/^Hi (Rita|Bruno|Carla|Duarte), are you still/).waitFor();
    // Tags typed on after a preview was asked: the preview of the earlier tags answers last, and
    // must not replace the preview of the tags now in the field (it once did).
    const PREVIEW = /\/api\/campaigns\/preview$/;
    const nobody = await holdBack(page, PREVIEW, (request) => !!request.postData()?.includes('"nobody"'));
    await page.getByLabel('Tags').fill('nobody');
    await nobody.asked;
    const springAnswered = page.waitForResponse(
      (response) => PREVIEW.test(response.url()) && !!response.request().postData()?.includes('"spring"'),
    );
    await page.getByLabel('Tags').fill('spring');
    await springAnswered;
    await nobody.release();
    await preview.getByText('4 contacts').waitFor({ timeout: 1_000 });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'campaigns-create-1440.png') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'campaigns-create-1024.png') });

    await page.getByRole('button', { name: 'Start sending' }).click();
    await page.getByRole('heading', { name: 'Spring offer' }).waitFor();
    await waitForText(funnel('Sent'), '3');
    await page.getByText('1 opted out').waitFor();
    expect(PHONES.map((phone) => recorder.sentTo(phone).length)).toEqual([1, 1, 1, 0]);

    // Meta reports two delivered and one read; one contact answers.
    const sends = PHONES.slice(0, 3).map((phone) => recorder.sentTo(phone)[0]);
    for (const [index, send] of sends.entries()) {
      for (const status of index === 0
        ? (['delivered', 'read'] as const)
        : index === 1
          ? (['delivered'] as const)
          : []) {
        await client.ingest({
          kind: 'status',
          channel: { provider: 'sandbox', phoneNumberId: channel.phoneNumberId },
          providerMessageId: send.providerMessageId,
          status,
          at: new Date().toISOString(),
          recipient: send.to,
          windowClosed: false,
        });
      }
    }
    await client.ingest({
      kind: 'message',
      channel: { provider: 'sandbox', phoneNumberId: channel.phoneNumberId },
      contact: { waId: PHONES[0].slice(1), phone: PHONES[0], name: 'Rita' },
      message: {
        type: 'text',
        text: 'Yes, tell me more',
        providerMessageId: `in-${randomUUID()}`,
        at: new Date().toISOString(),
      },
    });
    await waitForText(funnel('Delivered'), '2');
    await waitForText(funnel('Read'), '1');
    await waitForText(funnel('Replied'), '1');
    // The reply started the chosen flow: its first message went to the contact who replied.
    const recipients = page.getByRole('table', { name: 'Recipients' });
    await recipients.getByRole('row', { name: /Duarte.*Not sent.*Opted out/ }).waitFor();
    await recipients.getByRole('row', { name: /Rita.*Replied/ }).waitFor();
    // "Not sent" clicked, then "Replied" before the first answer came: the answer for "Not sent"
    // arrives last and must not replace the contacts who replied (it once did).
    const skipped = await holdBack(
      page,
      /\/api\/campaigns\/[^/]+\/recipients\?/,
      (request) => new URL(request.url()).searchParams.get('only') === 'skipped',
    );
    await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Not sent' }).click();
    await skipped.asked;
    await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Replied' }).click();
    const onlyRita = async () => (await recipients.locator('tbody tr td:first-child').allInnerTexts()).join();
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('table[aria-label="Recipients"] tbody tr td:first-child')]
          .map((cell) => cell.textContent)
          .join() === 'Rita',
    );
    await skipped.release();
    await expect(onlyRita()).resolves.toBe('Rita');
    await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'All' }).click();
    await recipients.getByRole('row', { name: /Duarte.*Not sent.*Opted out/ }).waitFor();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'campaigns-progress-1440.png'), fullPage: true });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'campaigns-progress-1024.png'), fullPage: true });

    await page.getByRole('link', { name: '← Campaigns' }).click();
    const row = page.getByRole('row', { name: /Spring offer/ });
    await row.getByText('Sent', { exact: true }).waitFor();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'campaigns-list-1440.png') });
    await page.close();
  }, 120_000);
});
