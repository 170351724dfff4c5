import { afterAll, beforeAll, describe, test } from 'vitest';
import { ciLoop } from './ci-loop.ts';
import type { PlatformDriver } from './driver.ts';
import { startSlackDriver } from './slack-driver.ts';
import { type E2EWorld, startE2EWorld } from './world.ts';

// The GitHub loop after the pull request on Slack (Bolt over HTTP against the fake Slack): CI results and
// the merge come as signed webhooks; a second world without a webhook secret follows CI by polling.
const worlds = [
  {
    path: 'webhooks',
    // A poll would come after ten minutes: every CI result arrives through a webhook.
    env: { GITHUB_WEBHOOK_SECRET: 'whsec-e2e-slack-3f9a', CODECOT_CI_POLL_SECONDS: '600' },
    loop: 'CI fails → 🔁 by the approver (not a bystander) → fix commit on the same PR → CI passes → merged',
  },
  {
    path: 'polling',
    env: { CODECOT_CI_POLL_SECONDS: '1' },
    loop: 'CI fails → 🔁 by the approver (not a bystander) → fix commit on the same PR → CI passes (merges need webhooks)',
  },
] as const;

describe.each(worlds)('Codecot on Slack: the CI loop through $path', { timeout: 120_000 }, (setup) => {
  let driver: PlatformDriver | undefined;
  let world: E2EWorld | undefined;
  beforeAll(async () => {
    driver = await startSlackDriver();
    world = await startE2EWorld(driver.setup, {
      approver: driver.idOf('approver'),
      modelApi: 'responses',
      env: setup.env,
    });
    driver.attach(world.codecot);
  }, 60_000);
  afterAll(async () => {
    await world?.stop();
    await driver?.close();
  });

  test(setup.loop, async () => {
    await ciLoop(world as E2EWorld, driver as PlatformDriver, setup.path);
  });
});
