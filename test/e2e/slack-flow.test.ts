import { afterAll, beforeAll, describe, test } from 'vitest';
import type { PlatformDriver } from './driver.ts';
import { type ApprovedSpec, cancelFlow, executionFlow, specFlow } from './flow.ts';
import { startSlackDriver } from './slack-driver.ts';
import { type E2EWorld, startE2EWorld } from './world.ts';

// The whole product on Slack: Bolt over HTTP against the fake Slack, the OpenAI provider (Responses
// API) against the fake OpenAI, Octokit against the fake GitHub, executions in bwrap.
let driver: PlatformDriver;
let world: E2EWorld;
let approved: ApprovedSpec;

beforeAll(async () => {
  driver = await startSlackDriver();
  world = await startE2EWorld(driver.setup, { approver: driver.idOf('approver'), modelApi: 'responses' });
  driver.attach(world.codecot);
});

afterAll(async () => {
  await world?.stop();
  await driver?.close();
});

describe('Codecot on Slack, end to end', { timeout: 60_000 }, () => {
  test('mention → spec in the thread → revision → ignored and counted votes → one execution', async () => {
    approved = await specFlow(world, driver);
  });

  test('the approved spec runs: branch, pull request with the proof, result in the thread', async () => {
    await executionFlow(world, driver, approved);
  });

  test('/codecot cancel stops a running agent within seconds and pushes nothing', async () => {
    await cancelFlow(world, driver);
  });
});
