import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { hashPassword } from '@leadline/secrets';
import { createTestDatabase, testRedisUrl, type TestDatabase, screenshotsDir } from '@leadline/testing';
import { FakeMetaGraph } from '../../../tools/fake-whatsapp';
import { startApiServer, type ApiServer } from './support/api-server';
import { freePort } from './support/editor-server';
import { startEditorSession, type EditorSession } from './support/editor-session';

const SCREENSHOTS = screenshotsDir();
const PASSWORD = 'a long and happy passphrase';
const APP = { id: '4455667788', secret: 'platform-app-secret', configId: '998877' };
const WABA = '230000000000001';
const PNID = '130000000000001';

/**
 * Settings → Channels in a browser, against the real API and the fake Graph API. Facebook itself
 * cannot be reached here: `window.FB` is stubbed to do what Meta's popup does (hand back a code and
 * post the session-info message from facebook.com); everything after that is the real server path.
 */
describe('Settings → Channels in a browser: Connect WhatsApp, health, template builder', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let api: ApiServer;
  let session: EditorSession;
  let page: Page;
  const slug = `sunrise-${Date.now().toString(36)}`;
  const facebookRequests: string[] = [];
  const graph = new FakeMetaGraph({
    appSecret: APP.secret,
    app: { id: APP.id, secret: APP.secret },
    phoneNumbers: [
      {
        id: PNID,
        displayPhoneNumber: '15550203344',
        wabaId: WABA,
        tokens: ['business-token'],
        verifiedName: 'Sunrise Solar',
        qualityRating: 'GREEN',
        messagingLimitTier: 'TIER_1K',
      },
    ],
  });

  beforeAll(async () => {
    await graph.start();
    graph.addSignupCode({ code: 'code-from-facebook', accessToken: 'business-token' });
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    const tenant = await prisma.tenant.create({ data: { slug, name: 'Sunrise Solar' } });
    await prisma.user.create({
      data: {
        tenantId: tenant.id,
        email: 'owner@sunrise.test',
        passwordHash: await hashPassword(PASSWORD, 4),
        role: 'owner',
      },
    });
    const port = await freePort();
    const apiUrl = `http://127.0.0.1:${port}`;
    [api, session] = await Promise.all([
      startApiServer(
        {
          DATABASE_URL: db.url,
          REDIS_URL: testRedisUrl(),
          PORT: String(port),
          META_GRAPH_URL: graph.url,
          META_APP_ID: APP.id,
          META_APP_SECRET: APP.secret,
          META_EMBEDDED_SIGNUP_CONFIG_ID: APP.configId,
        },
        // The editor builds at the same time on a shared machine: give the API longer to start.
        120_000,
      ),
      startEditorSession({ apiUrl }),
    ]);
    page = await session.browser.context.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    page.on('pageerror', (error) => session.pageErrors.push(error));
    // Nothing may reach Facebook from a test; each attempt to load its SDK is noted.
    await page.route('https://connect.facebook.net/**', (route) => {
      facebookRequests.push(route.request().url());
      return route.abort();
    });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await api?.stop();
    await graph.stop();
    await prisma?.$disconnect();
    await db?.drop();
  });

  async function waitUntil(condition: () => boolean, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function signIn(to: string) {
    await page.goto(new URL(to, session.url).href);
    await page.getByLabel('Workspace').fill(slug);
    await page.getByLabel('Email').fill('owner@sunrise.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('loads the Facebook SDK on Settings → Channels only', async () => {
    await signIn('/contacts');
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    expect(facebookRequests).toEqual([]);
    await page.goto(new URL('/settings/channels', session.url).href);
    await page.getByRole('heading', { name: 'WhatsApp numbers' }).waitFor();
    await page.getByText('No WhatsApp number yet').waitFor();
    await waitUntil(() => facebookRequests.length > 0);
    expect(facebookRequests[0]).toMatch(/^https:\/\/connect\.facebook\.net\/.*\/sdk\.js$/);
  });

  it('connects a number with Embedded Signup and shows its health', async () => {
    // What Meta's popup does: a code for the login, and the session info from facebook.com.
    await page.addInitScript(
      ({ wabaId, phoneNumberId }) => {
        const w = window as unknown as Record<string, unknown>;
        w.FB = {
          init: (options: unknown) => (w.__fbInit = options),
          login: (callback: (r: unknown) => void, options: unknown) => {
            w.__fbLogin = options;
            setTimeout(() => {
              window.dispatchEvent(
                new MessageEvent('message', {
                  origin: 'https://www.facebook.com',
                  data: JSON.stringify({
                    type: 'WA_EMBEDDED_SIGNUP',
                    event: 'FINISH',
                    data: { phone_number_id: phoneNumberId, waba_id: wabaId },
                  }),
                }),
              );
              callback({ status: 'connected', authResponse: { code: 'code-from-facebook' } });
            }, 50);
          },
        };
      },
      { wabaId: WABA, phoneNumberId: PNID },
    );
    await page.reload();
    await page.getByRole('button', { name: 'Connect WhatsApp' }).click();
    await page.getByText('Connected with Facebook: Sunrise Solar +15550203344 is connected.').waitFor();
    const card = page.getByRole('listitem', { name: '+15550203344' });
    await card.getByText('High quality').waitFor();
    await card.getByText('Up to 1,000 new conversations a day').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __fbLogin: unknown }).__fbLogin)).toMatchObject({
      config_id: APP.configId,
      response_type: 'code',
    });
    expect(graph.registeredNumbers()).toEqual([PNID]);
    expect(graph.subscribedWabas()).toEqual([WABA]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'settings-channels-1440.png') });
  });

  it('builds a template with a header, two variables and a URL button, previews it and submits it', async () => {
    await page
      .getByRole('listitem', { name: '+15550203344' })
      .getByRole('button', { name: 'Templates' })
      .click();
    await page.getByRole('button', { name: 'New template' }).click();
    const builder = page.getByRole('region', { name: 'Template builder' });
    await builder.getByLabel('Name').fill('pickup_ready');
    await builder.getByLabel('Header type').selectOption('text');
    await builder.getByLabel('Header text').fill('Order {{1}}');
    await builder.getByLabel("Sample for the header's {{1}}").fill('#1042');
    await builder
      .getByLabel('Text', { exact: true })
      .fill('Hi {{1}}, your panels are ready for pickup at {{2}} today.');
    // The rules speak up while something is missing.
    const problems = builder.getByRole('status', { name: 'Before you submit' });
    await problems.getByText('Give a sample value for {{1}}.').waitFor();
    await expect(builder.getByRole('button', { name: 'Submit for review' }).isDisabled()).resolves.toBe(true);
    await builder.getByLabel('Sample for {{1}}').fill('Ana');
    await builder.getByLabel('Sample for {{2}}').fill('Main St');
    await builder.getByLabel('Footer (optional)').fill('Sunrise Solar');
    await builder.getByRole('button', { name: '+ Website' }).click();
    const button = builder.getByRole('group', { name: 'Button 1' });
    await button.getByLabel('Label').fill('Track order');
    await button.getByLabel('Web address (may end with {{1}})').fill('https://shop.example/track/{{1}}');
    await button.getByLabel('Sample for the end of the address').fill('1042');
    await problems.waitFor({ state: 'detached' });

    const preview = builder.getByRole('figure', { name: 'Preview' });
    await preview.getByText('Order #1042').waitFor();
    await preview.getByText('Hi Ana, your panels are ready for pickup at Main St today.').waitFor();
    await preview.getByText('Track order').waitFor();

    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [width, height] of [
      [1440, 900],
      [1024, 768],
    ]) {
      await page.setViewportSize({ width, height });
      await builder.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENSHOTS, `template-builder-${width}.png`) });
    }

    await builder.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByText('Template pickup_ready was sent to WhatsApp for review.').waitFor();
    await page
      .getByRole('row', { name: /pickup_ready/ })
      .getByText('In review')
      .waitFor();
    const atMeta = graph.templates(WABA).find((t) => t.name === 'pickup_ready');
    expect(atMeta).toMatchObject({ status: 'PENDING', category: 'UTILITY' });
    expect(atMeta?.components).toContainEqual({
      type: 'BUTTONS',
      buttons: [
        { type: 'URL', text: 'Track order', url: 'https://shop.example/track/{{1}}', example: ['1042'] },
      ],
    });

    // Rejected at Meta: the reason shows after a reload, and it can be edited and resubmitted.
    await prisma.template.updateMany({
      where: { name: 'pickup_ready' },
      data: { status: 'rejected', rejectionReason: 'INVALID_FORMAT' },
    });
    graph.rejectTemplate('pickup_ready', 'en', 'INVALID_FORMAT', WABA);
    await page.reload();
    await page
      .getByRole('listitem', { name: '+15550203344' })
      .getByRole('button', { name: 'Templates' })
      .click();
    const row = page.getByRole('row', { name: /pickup_ready/ });
    await row.getByText('Rejected').waitFor();
    await row.getByText('invalid format').waitFor();
    await row.getByRole('button', { name: 'Edit and resubmit' }).click();
    await builder.getByLabel('Footer (optional)').fill('Sunrise Solar, Main St');
    await builder.getByRole('button', { name: 'Resubmit for review' }).click();
    await page
      .getByRole('row', { name: /pickup_ready/ })
      .getByText('In review')
      .waitFor();
    expect(graph.templates(WABA).find((t) => t.name === 'pickup_ready')?.components).toContainEqual({
      type: 'FOOTER',
      text: 'Sunrise Solar, Main St',
    });
    expect(session.pageErrors).toEqual([]);
  });
});
