import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseJson } from '../../adapters/github/webhooks/body.ts';
import { parseDelivery } from '../../adapters/github/webhooks/parse.ts';
import {
  checkRunCompleted,
  checkSuiteCompleted,
  deploymentStatus,
  pullRequestClosed,
  sendWebhook,
  signWebhook,
  statusEvent,
} from '../fakes/github/index.ts';
import { seedPullRequest } from '../integration/ci/seed.ts';
import { type CiWorld, REPO, SECRET, startCiWorld } from '../integration/ci/world.ts';
import { clearReason, fuzz, fuzzAsync, guardProcess, RUNS } from './fuzz.ts';
import { jsonText, payloadsFrom } from './hostile.ts';
import { settled } from './raw-post.ts';

const headSha = 'c0ffee'.padEnd(40, '0');
const branch = 'codecot/12345678-add-mul';
const pulls = [{ number: 1, headRef: branch, headSha }];

/** One real-shaped delivery per event Codecot reads (plus one it does not), by X-GitHub-Event name. */
const FIXTURES: [string, unknown][] = [
  [
    'check_suite',
    checkSuiteCompleted({
      repo: REPO,
      headSha,
      headBranch: branch,
      conclusion: 'failure',
      pullRequests: pulls,
    }),
  ],
  [
    'check_run',
    checkRunCompleted({
      repo: REPO,
      headSha,
      headBranch: branch,
      conclusion: 'success',
      pullRequests: pulls,
      name: 'test',
    }),
  ],
  ['status', statusEvent({ repo: REPO, sha: headSha, state: 'failure', context: 'ci/test' })],
  ['pull_request', pullRequestClosed({ repo: REPO, number: 1, merged: true, headRef: branch, headSha })],
  [
    'deployment_status',
    deploymentStatus({
      repo: REPO,
      state: 'success',
      sha: headSha,
      ref: branch,
      environment_url: 'https://preview.example',
    }),
  ],
  [
    'push',
    {
      ref: 'refs/heads/main',
      after: headSha,
      deleted: false,
      repository: { full_name: REPO, default_branch: 'main' },
    },
  ],
  ['issue_comment', { action: 'created', comment: { body: 'hi' } }],
];

const deliveries: fc.Arbitrary<[string, unknown]> = fc
  .tuple(fc.constantFrom(...FIXTURES.map(([name]) => name)), fc.nat())
  .chain(([name, pick]) => {
    const same = FIXTURES.filter(([n]) => n === name).map(([, payload]) => payload);
    const fallback = FIXTURES[pick % FIXTURES.length]?.[1];
    return payloadsFrom(same.length ? same : [fallback]).map((payload): [string, unknown] => [name, payload]);
  });

describe('fuzzing the GitHub webhook payload parser', () => {
  guardProcess();

  test(`${RUNS.githubParsers} deliveries: each a canonical event, ignored or malformed with a reason`, () => {
    const ran = fuzz('githubParsers', deliveries, ([name, payload]) => {
      const json = parseJson(jsonText(payload));
      if (!json.ok) return expect(clearReason(json.reason)).toBe(true);
      for (const body of [json.value, payload]) {
        const parsed = parseDelivery(name, 'delivery-1', body);
        if (parsed.kind === 'event') expect(parsed.event.eventId).toBe('github:delivery-1');
        else expect(clearReason(parsed.reason), parsed.reason).toBe(true);
      }
    });
    expect(ran).toBe(RUNS.githubParsers);
  });
});

describe('fuzzing POST /github/webhooks with validly signed hostile bodies', () => {
  guardProcess();
  let world: CiWorld;
  beforeAll(async () => {
    world = await startCiWorld({});
    await seedPullRequest(world.codecot.store.db, { repo: REPO, number: 1, headSha });
  }, 60_000);
  afterAll(async () => world?.dispose());

  test(`${RUNS.githubHttp} signed hostile deliveries: accepted, ignored or refused with a reason, never a 500; a real one still works`, async () => {
    const statuses: Record<number, number> = {};
    let sent = 0;
    const ran = await fuzzAsync('githubHttp', deliveries, async ([name, payload]) => {
      const raw = jsonText(payload);
      // Ten delivery ids: every body is verified and parsed, but at most ten jobs queue up behind them
      // (the rest are acknowledged duplicates), which keeps the run short.
      sent += 1;
      const response = await sendWebhook(world.url, name, payload, {
        secret: SECRET,
        deliveryId: `fuzz-${sent % 10}`,
        rawBody: raw,
        signature: signWebhook(raw, SECRET),
      });
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      expect([200, 202, 400, 413]).toContain(response.status);
      const answer = JSON.parse(response.body) as { error?: string; ignored?: string };
      if (response.status === 400) expect(clearReason(answer.error)).toBe(true);
      if (response.status === 202) expect(clearReason(answer.ignored)).toBe(true);
    });
    expect(ran).toBe(RUNS.githubHttp);
    expect(statuses[400]).toBeGreaterThan(0);
    expect(statuses[202]).toBeGreaterThan(0);
    expect(statuses[200]).toBeGreaterThan(0);
    await settled(world.codecot.store.db, 60_000);
    const real = await world.webhook('check_suite', FIXTURES[0]?.[1], {
      secret: SECRET,
      deliveryId: 'after-the-storm',
    });
    expect(real.status).toBe(200);
    await settled(world.codecot.store.db, 60_000);
  }, 180_000);
});
