import { describe, expect, test } from 'vitest';
import {
  expectEachDeliveryStoredOnce,
  expectOneOfEverything,
  type Outcome,
  outcomeOf,
} from './redelivery-outcome.ts';
import { wholeScenario } from './redelivery-scenario.ts';
import { startRedeliveryWorld } from './redelivery-world.ts';

// Slack retries every event it thinks was not acknowledged: same envelope (same event_id), with
// X-Slack-Retry-Num 1 and 2. Here every request (messages, the mention, reactions, the slash command)
// arrives once and then twice more at the same time, and every GitHub webhook three times.
// The same scenario delivered once is the measure: three deliveries must leave exactly what one left.
let once: Outcome;

async function run(copies: number): Promise<Outcome> {
  const rw = await startRedeliveryWorld('slack', copies);
  try {
    const { digestReply } = await wholeScenario(rw);
    expect(digestReply).toMatch(/on its way/);
    await expectEachDeliveryStoredOnce(rw);
    return await outcomeOf(rw);
  } finally {
    await rw.stop();
  }
}

describe('Slack and GitHub redeliveries', { timeout: 120_000 }, () => {
  test('delivered once: the scenario leaves one of everything', async () => {
    once = await run(1);
    expectOneOfEverything(once);
  });

  test('every event delivered three times leaves exactly what one delivery left', async () => {
    expect(await run(3)).toEqual(once);
  });
});
