import fc from 'fast-check';
import { afterAll, beforeAll, expect } from 'vitest';
import { jsonText } from './hostile.ts';

/** One seed for every fuzz run: a failure reproduces with the same payloads on any machine. */
export const SEED = 20_261_125;

/**
 * Payloads each fuzz target sends. Every fuzz test asserts it ran exactly its share, and
 * fuzz-summary.test.ts that the shares add up to at least 10,000.
 */
export const RUNS = {
  slackParsers: 2_500,
  slackHttp: 400,
  discordParsers: 2_000,
  discordGateway: 400,
  githubParsers: 1_500,
  githubHttp: 300,
  playground: 1_200,
  eventCodec: 800,
  commandText: 1_000,
  commandHandling: 200,
  repoConfig: 400,
  modelOutputs: 150,
} as const;

export type FuzzTarget = keyof typeof RUNS;

/** Runs `check` on `RUNS[target]` generated payloads with the fixed seed; returns how many ran. */
export function fuzz<T>(target: FuzzTarget, arbitrary: fc.Arbitrary<T>, check: (payload: T) => void): number {
  let ran = 0;
  fc.assert(
    fc.property(arbitrary, (payload) => {
      ran += 1;
      try {
        check(payload);
      } catch (error) {
        if (process.env.FUZZ_DEBUG) console.log('FAILED', error, jsonText(payload).slice(0, 2000));
        throw error;
      }
    }),
    { seed: SEED, numRuns: RUNS[target], endOnFailure: true },
  );
  return ran;
}

export async function fuzzAsync<T>(
  target: FuzzTarget,
  arbitrary: fc.Arbitrary<T>,
  check: (payload: T) => Promise<void>,
): Promise<number> {
  let ran = 0;
  await fc.assert(
    fc.asyncProperty(arbitrary, async (payload) => {
      ran += 1;
      await check(payload);
    }),
    { seed: SEED, numRuns: RUNS[target], endOnFailure: true },
  );
  return ran;
}

/**
 * Collects unhandled rejections for the whole test file and fails it if there was one; also checks
 * that no payload polluted Object.prototype.
 */
export function guardProcess(): { rejections: unknown[] } {
  const rejections: unknown[] = [];
  const record = (reason: unknown) => {
    if (process.env.FUZZ_DEBUG) console.log('UNHANDLED', reason);
    rejections.push(reason);
  };
  beforeAll(() => {
    process.on('unhandledRejection', record);
  });
  afterAll(() => {
    process.off('unhandledRejection', record);
    expect(rejections).toEqual([]);
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  return { rejections };
}

/** A reason a person can act on: a non-empty line. */
export const clearReason = (reason: unknown): boolean =>
  typeof reason === 'string' && reason.trim().length > 0;
