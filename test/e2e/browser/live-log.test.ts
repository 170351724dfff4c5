import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { steppingAgent } from '../../helpers/stepping-agent.ts';
import { waitFor } from '../../helpers/wait.ts';
import { type DashboardWorld, startDashboard } from '../../integration/dashboard/world.ts';
import { type ExecutionWorld, startExecutionWorld } from '../../integration/execution/harness.ts';
import { type Browser, launchBrowser } from './browser.ts';

// A run watched on the dashboard in real headless Chromium: the real pipeline (bwrap, git workspaces,
// the fake GitHub) with an agent the test steps through, and the dashboard served over the same
// database. Each agent step appears on the open page without a reload; then the page shows the end.
const REPO = {
  'package.json': JSON.stringify({ name: 'widgets', type: 'module', scripts: { test: 'node --test' } }),
  'src/math.js': 'export const add = (a, b) => a + b;\n',
};
const HOSTILE = '<img src=x onerror="window.pwned = 1"><script>window.pwned = 2</script>';
const STEPS = ['list_files .', 'read_file src/math.js', `search ${HOSTILE}`];
const agent = steppingAgent(
  STEPS,
  { files: { 'src/mul.js': 'export const mul = (a, b) => a * b;\n' }, summary: 'added mul' },
  { gated: true },
);

let pipeline: ExecutionWorld;
let dashboard: DashboardWorld;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [pipeline, browser] = await Promise.all([startExecutionWorld(agent, REPO), launchBrowser()]);
  dashboard = await startDashboard({ database: pipeline.database });
  page = browser.page;
  page.setDefaultTimeout(30_000);
}, 90_000);

afterAll(async () => {
  agent.advance();
  for (let i = 0; i <= STEPS.length; i++) agent.advance();
  await browser?.close();
  await dashboard?.close();
  await pipeline?.dispose();
});

const logTexts = () => page.locator('#execution-log tbody td.log-text').allTextContents();
/** Set on the page once it is open; a reload would lose it. */
const sameDocument = () => page.evaluate(() => (globalThis as { watching?: boolean }).watching === true);

describe('the execution page in a browser', { timeout: 150_000 }, () => {
  test('a running execution’s page shows each new agent step without reloading', async () => {
    await pipeline.requestAndApprove('add a mul function');
    await agent.waiting(1);
    const [execution] = await pipeline.executions();
    await page.goto(`${dashboard.url}/dashboard/executions/${execution?.id}`);
    expect(await page.textContent('#execution-state')).toBe('agent');
    await page.locator('#execution-log td.log-text', { hasText: 'preparing → agent: attempt 1' }).waitFor();
    await page.evaluate(() => {
      (globalThis as { watching?: boolean }).watching = true;
    });
    await browser.shot(page, 'live-log-01-waiting-for-the-agent');

    for (const [i, detail] of STEPS.entries()) {
      agent.advance();
      await page
        .locator('#execution-log td.log-text', { hasText: `step ${i + 1}: ${detail.slice(0, 20)}` })
        .waitFor();
      expect(await sameDocument()).toBe(true);
      await browser.shot(page, `live-log-0${i + 2}-step-${i + 1}`);
    }
    const texts = await logTexts();
    const steps = texts.filter((t) => /^step \d+: /.test(t));
    expect(steps).toEqual(STEPS.map((detail, i) => `step ${i + 1}: ${detail}`));
    // The hostile step is text on the page: no element came of it, and nothing ran.
    expect(await page.locator('#execution-log img, #execution-log script').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
  });

  test('then the run ends and the page shows the final state, validation and pull request', async () => {
    agent.advance();
    await waitFor(async () => (await pipeline.executions())[0]?.state === 'succeeded', 120_000, 250);
    await page.locator('#execution-state', { hasText: 'succeeded' }).waitFor();
    // The script loads the page once more when the run has ended: the finished page has no script.
    await page.locator('#execution-log[data-live=""]').waitFor();
    expect(await sameDocument()).toBe(false);
    const texts = await logTexts();
    expect(texts).toEqual(
      expect.arrayContaining([
        'step 4: writing files',
        'done after 1 step(s): added mul',
        'ci-pending → succeeded: no CI reported',
      ]),
    );
    expect(texts.some((t) => /^pull request #1 opened: /.test(t))).toBe(true);
    expect(await page.locator('#validation tbody tr').count()).toBe(2);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    await browser.shot(page, 'live-log-05-finished');
    expect(browser.pageErrors).toEqual([]);
  });
});
