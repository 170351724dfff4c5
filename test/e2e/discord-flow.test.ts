import { afterAll, beforeAll, describe, test } from 'vitest';
import { startDiscordDriver } from './discord-driver.ts';
import type { PlatformDriver } from './driver.ts';
import {
  type ApprovedSpec,
  cancelFlow,
  executionFlow,
  resultSaysValidationPassed,
  specFlow,
} from './flow.ts';
import { type E2EWorld, startE2EWorld } from './world.ts';

// The whole product on Discord: discord.js over the gateway against the fake Discord, the OpenAI
// provider (Chat Completions) against the fake OpenAI, Octokit against the fake GitHub, bwrap.
let driver: PlatformDriver;
let world: E2EWorld;
let approved: ApprovedSpec;

beforeAll(async () => {
  driver = await startDiscordDriver();
  world = await startE2EWorld(driver.setup, { approver: driver.idOf('approver'), modelApi: 'chat' });
  driver.attach(world.codecot);
});

afterAll(async () => {
  await world?.stop();
  await driver?.close();
});

describe('Codecot on Discord, end to end', { timeout: 60_000 }, () => {
  test('mention → spec in the thread → revision → ignored and counted votes → one execution', async () => {
    approved = await specFlow(world, driver);
  });

  test('the approved spec runs: branch, pull request with the proof, result in the thread', async () => {
    await executionFlow(world, driver, approved);
    await resultSaysValidationPassed(driver, approved);
  });

  test('/codecot cancel stops a running agent within seconds and pushes nothing', async () => {
    await cancelFlow(world, driver);
  });
});
