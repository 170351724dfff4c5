import { expect, test } from 'vitest';
import { RUNS } from './fuzz.ts';

// Every fuzz test asserts it sent exactly its share (RUNS[target]); together they are the suite's total.
const total = Object.values(RUNS).reduce((sum, runs) => sum + runs, 0);

test(`the fuzz suite sends ${total.toLocaleString('en-US')} hostile payloads across every inbound parser`, () => {
  expect(total).toBeGreaterThanOrEqual(10_000);
  expect(Object.keys(RUNS).sort()).toEqual(
    [
      'commandHandling',
      'commandText',
      'discordGateway',
      'discordParsers',
      'eventCodec',
      'githubHttp',
      'githubParsers',
      'modelOutputs',
      'playground',
      'repoConfig',
      'slackHttp',
      'slackParsers',
    ].sort(),
  );
});
