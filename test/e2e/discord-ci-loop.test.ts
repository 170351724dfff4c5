import { afterAll, beforeAll, describe, test } from 'vitest';
import { ciLoop } from './ci-loop.ts';
import { startDiscordDriver } from './discord-driver.ts';
import type { PlatformDriver } from './driver.ts';
import { type E2EWorld, startE2EWorld } from './world.ts';

// The GitHub loop after the pull request on Discord (discord.js over the gateway against the fake
// Discord): CI results and the merge come as signed webhooks.
let driver: PlatformDriver;
let world: E2EWorld;

beforeAll(async () => {
  driver = await startDiscordDriver();
  world = await startE2EWorld(driver.setup, {
    approver: driver.idOf('approver'),
    modelApi: 'chat',
    // A poll would come after ten minutes: everything below arrives through a webhook.
    env: { GITHUB_WEBHOOK_SECRET: 'whsec-e2e-discord-7c21', CODECOT_CI_POLL_SECONDS: '600' },
  });
  driver.attach(world.codecot);
}, 60_000);

afterAll(async () => {
  await world?.stop();
  await driver?.close();
});

describe('Codecot on Discord: the CI loop through webhooks', { timeout: 120_000 }, () => {
  test('CI fails → 🔁 by the approver (not a bystander) → fix commit on the same PR → CI passes → merged', async () => {
    await ciLoop(world, driver, 'webhooks');
  });
});
