import { describe, expect, test } from 'vitest';
import { expectOneOfEverything, type Outcome } from './redelivery-outcome.ts';
import { scenarioOutcome } from './redelivery-scenario.ts';

// Slack retries every event it thinks was not acknowledged: same envelope (same event_id), with
// X-Slack-Retry-Num 1 and 2. Here every request (messages, the mention, reactions, the slash command)
// arrives once and then twice more at the same time, and every GitHub webhook three times.
// The same scenario delivered once is the measure: three deliveries must leave exactly what one left.
let once: Outcome;

const run = (copies: number) => scenarioOutcome('slack', copies);

describe('Slack and GitHub redeliveries', { timeout: 120_000 }, () => {
  test('delivered once: the scenario leaves one of everything', async () => {
    once = await run(1);
    expectOneOfEverything(once);
  });

  test('every event delivered three times leaves exactly what one delivery left', async () => {
    expect(await run(3)).toEqual(once);
  });
});
