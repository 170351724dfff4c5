import { afterEach, expect, test } from 'vitest';
import { startDiscordDriver } from './discord-driver.ts';
import type { PlatformDriver } from './driver.ts';
import { approvalIsTheStatusMessage } from './flow.ts';
import { startSlackDriver } from './slack-driver.ts';
import { type E2EWorld, startE2EWorld } from './world.ts';

// Regression: the execute job is enqueued inside the decision transaction, and the approval message
// ("React ❌ here to cancel") is posted right after and stored as the run's status message. A job that
// started in between used to post a second status message; now it waits for the first. The platform
// rate-limits the approval post for 3 s here to make the window wide.
let world: E2EWorld | undefined;
let driver: PlatformDriver | undefined;

afterEach(async () => {
  await world?.stop();
  await driver?.close();
});

test.each([
  ['Slack', startSlackDriver, 'responses'],
  ['Discord', startDiscordDriver, 'chat'],
] as const)(
  '%s: the approval message is the one status message of the run',
  { timeout: 60_000 },
  async (_name, start, modelApi) => {
    driver = await start();
    world = await startE2EWorld(driver.setup, { approver: driver.idOf('approver'), modelApi });
    driver.attach(world.codecot);
    expect(driver.throttleNextPost).toBeDefined();
    await approvalIsTheStatusMessage(world, driver);
  },
);
