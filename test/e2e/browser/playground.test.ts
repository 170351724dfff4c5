import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Browser, launchBrowser } from './browser.ts';
import { type PlaygroundCore, startPlaygroundCore } from './core.ts';

// A newcomer's first run, in real headless Chromium against the real core: mention → spec → ✅ →
// sandboxed execution → validation → local pull request, then the same run on the dashboard.
let core: PlaygroundCore;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [core, browser] = await Promise.all([startPlaygroundCore(), launchBrowser()]);
  page = browser.page;
  page.setDefaultTimeout(20_000);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await core?.stop();
});

const thread = () => page.locator('#thread-messages');
const threadMessage = (text: string) => thread().locator('.message', { hasText: text });
/** The spec itself (the status and result messages start with the same words). */
const specMessage = (p: Page) =>
  p
    .locator('#thread-messages .message')
    .filter({ has: p.locator('.title', { hasText: /^Spec v1: Add a mul function$/ }) });

describe('the playground in a browser', { timeout: 90_000 }, () => {
  test('it opens on #general with the bot’s introduction, as "you"', async () => {
    await page.goto(`${core.base}/playground`);
    await page.locator('#messages .message', { hasText: 'Hi, I am Codecot' }).waitFor();
    expect(await page.inputValue('#name')).toBe('you');
    expect(await page.textContent('#channel-list')).toContain('# dev');
    await browser.shot(page, '01-playground');
  });

  test('a mention gets a spec in its thread', async () => {
    await page.fill('#text', '@codecot add a mul function');
    await page.press('#text', 'Enter');
    const spec = specMessage(page);
    await spec.waitFor();
    expect(await spec.textContent()).toContain('mul(6, 7) returns 42');
    expect(await spec.locator('button[data-emoji="✅"]').textContent()).toBe('✅ 1');
    await browser.shot(page, '02-spec');
  });

  test('✅ runs it in the sandbox; the thread shows the validation and the local pull request', async () => {
    const approve = specMessage(page).locator('button[data-emoji="✅"]');
    await approve.click();
    await expect.poll(() => approve.getAttribute('aria-pressed')).toBe('true');
    await threadMessage('approved by @you').waitFor();
    const result = threadMessage('ready for review');
    await result.waitFor({ timeout: 60_000 });
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('Validation passed: 1 check, all passing.');
    expect(text).toMatch(/✅ test: passed \(\d+ passed, 0 failed\)/);
    expect(text).toContain('all changes inside the spec’s scope');
    const pr = result.locator('a[href="/dashboard/pulls/local/widgets/1"]').first();
    expect(await pr.textContent()).toMatch(/^file:\/\/.*local\/widgets\.git#pull\/1$/);
    await threadMessage('Done: pull request #1').waitFor();
    await browser.shot(page, '03-execution-finished');
    expect(browser.pageErrors).toEqual([]);
  });

  test('the dashboard shows the execution, its validation table and the pull request, and leads back', async () => {
    const dash = await browser.context.newPage();
    await dash.goto(`${core.base}/dashboard`);
    await dash.click('text=local #general');
    await dash.locator('h2', { hasText: 'Executions' }).waitFor();
    await dash.locator('a', { hasText: 'Add a mul function (v1)' }).first().click();
    const rows = dash.locator('#validation tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toMatch(/base commit.*test.*node --test.*passed/s);
    expect(await rows.nth(1).textContent()).toMatch(/change.*test.*node --test.*passed/s);
    expect(await dash.textContent('.facts')).toMatch(/State\s*succeeded/);
    await browser.shot(dash, '04-dashboard-execution');

    await dash.click('a[href="/dashboard/pulls/local/widgets/1"]');
    await dash.locator('h1', { hasText: 'local/widgets#1: Add a mul function' }).waitFor();
    expect(await dash.textContent('pre')).toContain('Validation passed');
    await browser.shot(dash, '05-local-pull-request');

    await dash.goBack();
    await dash.click('text=open the thread');
    await dash.waitForURL(/\/playground\/#general\//);
    await specMessage(dash).waitFor();
    await browser.shot(dash, '06-back-to-the-thread');
    await dash.close();
  });

  test('chat text is shown as text and never runs', async () => {
    await page.click('#close-thread');
    await page.fill('#text', '<img src=x onerror="window.pwned = 1"> <script>window.pwned = 2</script>');
    await page.press('#text', 'Enter');
    await page.locator('#messages .message', { hasText: '<img src=x onerror=' }).waitFor();
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('#messages img').count()).toBe(0);
    await browser.shot(page, '07-text-stays-text');
  });
});
