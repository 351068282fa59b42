import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { withTenant } from '@leadline/database';
import { screenshotsDir } from '@leadline/testing';
import { PASSWORD, startEditorWithApi, type EditorWithApi } from './support/editor-with-api';

const SCREENSHOTS = screenshotsDir();

/**
 * A marketer builds segments with "any of", "none of" and nested groups in the Contacts screen and
 * where a campaign picks its audience, and watches the live count follow every change.
 *
 * The contacts: vip tag, stage, consent.
 *   Ana    vip  Won        opted in
 *   Bruno  vip  —          opted out
 *   Carla  vip  Qualified  opted in
 *   Duarte —    Won        not asked
 *   Eva    vip  —          not asked
 */
describe('the segment editor in the browser', () => {
  let harness: EditorWithApi;
  let tenantId: string;
  let page: Page;

  beforeAll(async () => {
    harness = await startEditorWithApi();
    const { prisma } = harness;
    const tenant = await prisma.tenant.findUniqueOrThrow({ where: { slug: harness.workspace.slug } });
    tenantId = tenant.id;
    await withTenant(prisma, tenantId, async (tx) => {
      const won = await tx.pipelineStage.create({ data: { tenantId, name: 'Won', position: 0 } });
      const qualified = await tx.pipelineStage.create({ data: { tenantId, name: 'Qualified', position: 1 } });
      const people = [
        ['Ana', ['vip'], won.id, 'opted_in'],
        ['Bruno', ['vip'], null, 'opted_out'],
        ['Carla', ['vip'], qualified.id, 'opted_in'],
        ['Duarte', [], won.id, 'unknown'],
        ['Eva', ['vip'], null, 'unknown'],
      ] as const;
      // A marketing template with two quick-reply buttons, for the second test.
      const channel = await tx.channel.findFirstOrThrow({ select: { id: true } });
      await tx.template.create({
        data: {
          tenantId,
          channelId: channel.id,
          name: 'win_back',
          language: 'en',
          category: 'marketing',
          status: 'approved',
          components: [
            { type: 'BODY', text: 'We miss you! 20% off this week.' },
            {
              type: 'BUTTONS',
              buttons: [
                { type: 'QUICK_REPLY', text: 'Call me' },
                { type: 'QUICK_REPLY', text: 'Not now' },
              ],
            },
          ],
        },
      });
      await tx.contact.createMany({
        data: people.map(([name, tags, stageId, optInState], n) => ({
          tenantId,
          phone: `+35191200020${n}`,
          name,
          tags: [...tags],
          stageId,
          optInState,
        })),
      });
    });
    // The editor's build is the slow part: minutes on a busy 2-core machine.
  }, 420_000);

  afterAll(async () => {
    await harness?.close();
  });

  afterEach(async () => {
    if (page && !page.isClosed())
      await page.screenshot({ path: path.join(os.tmpdir(), 'segments-e2e-failure.png') });
    expect(harness?.session.pageErrors).toEqual([]);
  });

  const rows = (scope: Locator) => scope.getByRole('group', { name: /^Condition: / });
  const counted = (form: Locator, text: string) =>
    form.getByRole('status').filter({ hasText: text }).waitFor({ timeout: 20_000 });

  it('builds "tag is vip and (stage is Won or not opted in)" in the Contacts screen, the count following each change', async () => {
    page = await harness.session.openEditor({ signIn: false });
    await page.getByLabel('Workspace').fill(harness.workspace.slug);
    await page.getByLabel('Email').fill('maria@acme.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();

    const segments = page.getByRole('region', { name: 'Segments' });
    await segments.getByRole('button', { name: 'New segment…' }).click();
    const form = segments.getByRole('form', { name: 'New segment' });
    await counted(form, 'Fill in a tag to count the contacts.');
    await rows(form).nth(0).getByLabel('Tag name').fill('vip');
    await counted(form, 'Matches 4 contacts now');

    // A group: "any of these", whose first condition becomes "Pipeline stage is Won".
    await form.getByRole('button', { name: 'Add a group' }).click();
    const group = form.getByRole('group', { name: 'Group of conditions' });
    await expect(group.getByLabel('Group match').inputValue()).resolves.toBe('any');
    await rows(group).nth(0).getByLabel('Condition on').selectOption({ label: 'Pipeline stage' });
    await counted(form, 'Fill in a stage to count the contacts.');
    await rows(group).nth(0).getByLabel('Stage name').selectOption({ label: 'Won' });
    await counted(form, 'Matches 1 contact now');

    // … or "Consent to messages is not Opted in".
    await group.getByRole('button', { name: 'Add a condition' }).click();
    const consent = rows(group).nth(1);
    await consent.getByLabel('Condition on').selectOption({ label: 'Consent to messages' });
    await rows(group).nth(1).getByLabel('Comparison').selectOption({ label: 'is not' });
    await expect(rows(group).nth(1).getByLabel('Consent').inputValue()).resolves.toBe('opted_in');
    await counted(form, 'Matches 3 contacts now');
    await form.getByLabel('Segment name').fill('VIP to win back');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'contacts-segment-editor.png') });

    // "None of these" turns the group around: vip and neither Won nor unconsented → Carla.
    await group.getByLabel('Group match').selectOption({ label: 'none of these' });
    await counted(form, 'Matches 1 contact now');
    await group.getByLabel('Group match').selectOption({ label: 'any of these' });
    await counted(form, 'Matches 3 contacts now');

    await form.getByRole('button', { name: 'Save segment' }).click();
    await segments.getByText('Saved the segment “VIP to win back”. Campaigns can send to it.').waitFor();
    const saved = await withTenant(harness.prisma, tenantId, (tx) =>
      tx.segment.findFirstOrThrow({ where: { name: 'VIP to win back' } }),
    );
    expect(saved.filter).toEqual({
      all: [
        { kind: 'tag', op: 'has', tag: 'vip' },
        {
          any: [{ kind: 'stage', op: 'is', stage: 'Won' }, { not: { kind: 'opt_in', state: 'opted_in' } }],
        },
      ],
    });

    // Chosen again, it cannot be shown as the filters; Edit segment shows its groups with the count.
    await segments.getByLabel('Segment').selectOption({ label: 'VIP to win back (3)' });
    await segments.getByText(/cannot show; Edit segment shows them/).waitFor();
    await segments.getByRole('button', { name: 'Edit segment' }).click();
    const edit = segments.getByRole('form', { name: 'Edit the segment' });
    await counted(edit, 'Matches 3 contacts now');
    const editedGroup = edit.getByRole('group', { name: 'Group of conditions' });
    await rows(editedGroup).nth(1).getByRole('button', { name: 'Remove this condition' }).click();
    await counted(edit, 'Matches 1 contact now');
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await edit.waitFor({ state: 'detached' });
  }, 120_000);

  it('builds a segment where a campaign picks its audience, and the campaign takes it', async () => {
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('heading', { name: 'Campaigns' }).waitFor();
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByRole('radio', { name: 'A saved segment' }).check();
    await page.getByRole('button', { name: 'New segment…' }).click();
    const form = page.getByRole('form', { name: 'New segment' });
    await form.getByLabel('Match').selectOption({ label: 'any of these' });
    await rows(form).nth(0).getByLabel('Tag name').fill('vip');
    await counted(form, 'Matches 4 contacts now');
    await form.getByRole('button', { name: 'Add a condition' }).click();
    await rows(form).nth(1).getByLabel('Condition on').selectOption({ label: 'Pipeline stage' });
    await rows(form).nth(1).getByLabel('Stage name').selectOption({ label: 'Won' });
    await counted(form, 'Matches 5 contacts now');
    // Enter in the name box saves the segment, not the campaign around it.
    await form.getByLabel('Segment name').fill('VIP or won');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'campaigns-segment-editor.png'), fullPage: true });
    await form.getByLabel('Segment name').press('Enter');
    await form.waitFor({ state: 'detached' });
    const chosen = page.getByLabel('Segment', { exact: true });
    await chosen
      .locator('option:checked')
      .filter({ hasText: /^VIP or won \(5 contacts\)$/ })
      .waitFor({ state: 'attached', timeout: 20_000 });
    await expect(withTenant(harness.prisma, tenantId, (tx) => tx.campaign.count())).resolves.toBe(0);

    // A template with quick-reply buttons: each tap can go to a flow of its own.
    await page.getByLabel('Name').first().fill('Win back');
    await page.getByLabel('Message template').selectOption({ label: 'win_back (en, marketing)' });
    const preview = page.getByRole('complementary', { name: 'Preview' });
    await preview.getByText('5 contacts').waitFor({ timeout: 20_000 });
    await preview.getByText('Call me', { exact: true }).waitFor();
    await page.getByLabel('When someone taps “Call me”, continue with').selectOption({ index: 1 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'campaigns-button-flows.png'), fullPage: true });
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.getByRole('heading', { name: 'Win back' }).waitFor();
    const campaign = await withTenant(harness.prisma, tenantId, (tx) => tx.campaign.findFirstOrThrow());
    expect(campaign.audience).toMatchObject({ segmentId: expect.any(String) });
    expect(campaign.buttonFlows).toEqual({ 'Call me': 'lead-capture' });
    await page.close();
  }, 120_000);
});
