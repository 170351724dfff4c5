import { afterAll, beforeAll, expect, test } from 'vitest';
import type { PlatformDriver } from './driver.ts';
import { executionFlow, resultSaysValidationPassed, specFlow } from './flow.ts';
import { startSlackDriver } from './slack-driver.ts';
import { type E2EWorld, startE2EWorld } from './world.ts';

// Regression: Slack shows a message's `text` only as the notification fallback once it has blocks,
// so the outcome line ("Validation passed") must be in the blocks for a reader to see it.
let driver: PlatformDriver;
let world: E2EWorld;

beforeAll(async () => {
  driver = await startSlackDriver();
  world = await startE2EWorld(driver.setup, { approver: driver.idOf('approver'), modelApi: 'responses' });
  driver.attach(world.codecot);
});

afterAll(async () => {
  await world?.stop();
  await driver?.close();
});

test('the Slack result message says "Validation passed" where a reader sees it', {
  timeout: 60_000,
}, async () => {
  const approved = await specFlow(world, driver);
  await executionFlow(world, driver, approved);
  expect(driver.botPosts().some((post) => /ready for review/.test(post.text))).toBe(true);
  await resultSaysValidationPassed(driver, approved);
});
