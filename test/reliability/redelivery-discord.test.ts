import { describe, expect, test } from 'vitest';
import { expectOneOfEverything, type Outcome } from './redelivery-outcome.ts';
import { scenarioOutcome } from './redelivery-scenario.ts';

// Discord sends a dispatch again: duplicated within a session, and replayed after a RESUME. Here every
// message, reaction and slash command people send arrives, arrives again in the same session right
// after, and once more replayed after the socket dropped; every GitHub webhook arrives three times.
// The same scenario delivered once is the measure: three deliveries must leave exactly what one left.
let once: Outcome;

const run = (copies: number) => scenarioOutcome('discord', copies);

describe('Discord and GitHub redeliveries', { timeout: 120_000 }, () => {
  test('delivered once: the scenario leaves one of everything', async () => {
    once = await run(1);
    expectOneOfEverything(once);
  });

  test('every event delivered three times leaves exactly what one delivery left', async () => {
    expect(await run(3)).toEqual(once);
  });
});
