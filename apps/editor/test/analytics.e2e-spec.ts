import path from 'node:path';
import type { Page } from 'playwright-core';
import { publishFlowVersion, withTenant } from '@leadline/database';
import { promoFlow, promoPaths, promoRunEvents, screenshotsDir, type PromoStep } from '@leadline/testing';
import { startEditorWithApi, type EditorWithApi } from './support/editor-with-api';
import { holdBack } from './support/hold-back';

const HOUR = 3_600_000;

/** Seven runs of the promo: 3 completed, 1 waiting, 2 dropped, 1 of them 3 days old. */
async function seedPromoRuns(harness: EditorWithApi, slug: string): Promise<void> {
  const tenant = await harness.prisma.tenant.findUniqueOrThrow({ where: { slug } });
  await withTenant(harness.prisma, tenant.id, async (tx) => {
    const published = await publishFlowVersion(tx, {
      tenantId: tenant.id,
      key: promoFlow.id,
      name: promoFlow.name,
      definition: promoFlow,
    });
    const { toOffer, toEmail: yes, done } = promoPaths;
    const runs: Array<{
      status: 'completed' | 'waiting';
      steps: PromoStep[];
      startedHoursAgo: number;
      idleHours: number;
    }> = [
      { status: 'completed', steps: done, startedHoursAgo: 2, idleHours: 1 },
      { status: 'completed', steps: done, startedHoursAgo: 72, idleHours: 71 },
      {
        status: 'completed',
        steps: promoPaths.declined,
        startedHoursAgo: 3,
        idleHours: 3,
      },
      {
        status: 'completed',
        steps: promoPaths.timedOut,
        startedHoursAgo: 5,
        idleHours: 4,
      },
      { status: 'waiting', steps: toOffer, startedHoursAgo: 0.2, idleHours: 0.2 },
      { status: 'waiting', steps: yes, startedHoursAgo: 30, idleHours: 29 },
    ];
    for (const [index, run] of runs.entries()) {
      const contact = await tx.contact.create({
        data: { tenantId: tenant.id, phone: `+1555020100${index}` },
      });
      const row = await tx.flowRun.create({
        data: {
          tenantId: tenant.id,
          flowId: published.flowId,
          flowVersionId: published.versionId,
          contactId: contact.id,
          status: run.status,
          currentNode: run.steps.at(-1)![1],
          startedAt: new Date(Date.now() - run.startedHoursAgo * HOUR),
        },
      });
      await tx.$executeRaw`UPDATE flow_runs SET updated_at = ${new Date(Date.now() - run.idleHours * HOUR)}::timestamptz WHERE id = ${row.id}::uuid`;
      await tx.runEvent.createMany({
        data: promoRunEvents(run.steps, {
          tenantId: tenant.id,
          runId: row.id,
          flowId: published.flowId,
          flowVersionId: published.versionId,
        }),
      });
    }
  });
}

describe('flow analytics in a browser', () => {
  let harness: EditorWithApi;
  let page: Page;

  beforeAll(async () => {
    harness = await startEditorWithApi();
    await seedPromoRuns(harness, harness.workspace.slug);
  }, 240_000);

  afterAll(async () => {
    await page?.close();
    await harness?.close();
  });

  const total = (key: string) => page.locator(`.analytics [data-total="${key}"]`);

  it('opens analytics, picks a period and reads completed, in progress, dropped and button taps', async () => {
    page = await harness.session.openEditor({ signIn: false });
    page.setDefaultTimeout(15_000);
    await page.setViewportSize({ width: 1440, height: 1000 });
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByRole('tab', { name: 'API key' }).click();
    await form.getByLabel('API key').fill(harness.workspace.apiKey);
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    // Two flows clicked in a row, and the first one's answer comes back last: the editor must keep
    // the second open (it once opened whichever answer arrived last).
    const yourFlows = page.getByRole('region', { name: 'Your flows' });
    const firstFlow = await holdBack(page, /\/api\/flows\/[^/?]+$/, (request) => request.method() === 'GET');
    await yourFlows.getByRole('button', { name: /Lead capture/ }).click();
    await firstFlow.asked;
    await yourFlows.getByRole('button', { name: /Spring promo/ }).click();
    await page.locator('.flow-node[data-node-id="offer"]').waitFor();
    await firstFlow.release();
    await expect(page.locator('.flow-node[data-node-id="offer"]').count()).resolves.toBe(1);
    await expect(
      yourFlows.getByRole('button', { name: /Spring promo/ }).getAttribute('aria-current'),
    ).resolves.toBe('true');

    await page.getByRole('button', { name: 'Analytics' }).click();
    const panel = page.getByRole('region', { name: 'Analytics' });
    // The last 7 days by default: 6 runs; the e-mail question waiting 29 h is past the 24 h idle time.
    await expect(total('started').innerText()).resolves.toBe('6');
    await expect(total('completed').innerText()).resolves.toBe('3');
    await expect(total('inProgress').innerText()).resolves.toBe('1');
    await expect(total('dropped').innerText()).resolves.toBe('2');
    await expect(panel.locator('.analytics__rate strong').innerText()).resolves.toBe('50%');
    const offer = panel.locator('[data-step="offer"]');
    await expect(offer.locator('.analytics__step-figures').innerText()).resolves.toBe(
      '6 reached · 1 waiting here · 1 dropped here (17%)',
    );
    await expect(offer.getByRole('list', { name: 'Where they went next' }).innerText()).resolves.toContain(
      "If they don't answer: 1",
    );
    const taps = offer.getByRole('list', { name: 'Button taps' });
    await expect(taps.locator('[data-option="Yes please"]').innerText()).resolves.toBe(
      'Yes please tapped by 3',
    );
    await expect(taps.locator('[data-option="No thanks"]').innerText()).resolves.toBe(
      'No thanks tapped by 1',
    );
    // No ids or port names in the panel.
    await expect(panel.innerText()).resolves.not.toMatch(/option:|timeout|offer\b/);
    // The cards carry the same figures.
    const card = page.locator('.flow-node[data-node-id="offer"] .flow-node__stats');
    await expect(card.innerText()).resolves.toContain('Yes please: 3 · No thanks: 1');
    await page.screenshot({ path: path.join(screenshotsDir(), 'editor-analytics-7d.png') });

    // The last 24 hours: the runs of 30 h and 3 days ago are left out.
    await panel.getByLabel('Period').selectOption('24h');
    await page.waitForFunction(
      () => document.querySelector('.analytics [data-total="started"]')?.textContent === '4',
    );
    await expect(total('completed').innerText()).resolves.toBe('2');
    await expect(total('dropped').innerText()).resolves.toBe('1');

    // A longer idle time: the e-mail question waiting 29 h is in progress again (last 7 days).
    // Two choices in a row, and the answer to the first comes back last: the panel must keep
    // showing the figures of the second (it once showed whichever answer arrived last).
    const firstChoice = await holdBack(
      page,
      /\/api\/flows\/[^/]+\/analytics\?.*period=7d/,
      (request) => new URL(request.url()).searchParams.get('idleHours') === '24',
    );
    await panel.getByLabel('Period').selectOption('7d');
    await panel.getByLabel('Count as dropped after no reply for').selectOption({ label: '3 days' });
    await page.waitForFunction(
      () => document.querySelector('.analytics [data-total="inProgress"]')?.textContent === '2',
    );
    await firstChoice.release();
    await expect(total('inProgress').innerText()).resolves.toBe('2');
    await expect(total('dropped').innerText()).resolves.toBe('1');

    // A custom range of days, in the workspace's time zone (UTC here): from the day 6 hours ago
    // (the four runs of the last 5 hours, whatever the time of day) to today.
    await panel.getByLabel('Period').selectOption('custom');
    const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10);
    const range = panel.getByRole('form', { name: 'Custom range' });
    await range.getByLabel('From').fill(dayOf(Date.now() - 6 * HOUR));
    await range.getByLabel('To').fill(dayOf(Date.now()));
    await range.getByRole('button', { name: 'Show' }).click();
    await page.waitForFunction(
      () =>
        document.querySelector('.analytics [data-total="started"]')?.textContent === '4' &&
        document.querySelector('.analytics__period')?.textContent?.includes('(UTC time)'),
    );
    await expect(total('started').innerText()).resolves.toBe('4');
    await page.screenshot({ path: path.join(screenshotsDir(), 'editor-analytics-custom-range.png') });
    expect(harness.session.pageErrors).toEqual([]);
  }, 120_000);
});
