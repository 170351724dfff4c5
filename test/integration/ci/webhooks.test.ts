import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jobIdFor } from '../../../src/jobs/job-key.ts';
import { QUEUES } from '../../../src/jobs/queues.ts';
import {
  checkSuiteCompleted,
  pullRequestClosed,
  sendWebhook,
  signWebhook,
} from '../../fakes/github/index.ts';
import { waitFor } from '../../helpers/wait.ts';
import { seedPullRequest } from './seed.ts';
import { type CiWorld, REPO, SECRET, startCiWorld } from './world.ts';

// The real route (startCodecot mounts it on the one HTTP server), real @octokit/webhooks verification.
let world: CiWorld;
const headSha = 'c0ffee'.padEnd(40, '0');
const suite = (repo = REPO) =>
  checkSuiteCompleted({
    repo,
    headSha,
    headBranch: 'codecot/12345678-add-mul',
    conclusion: 'success',
    pullRequests: [{ number: 1, headRef: 'codecot/12345678-add-mul', headSha }],
  });

beforeAll(async () => {
  world = await startCiWorld({});
  await seedPullRequest(world.codecot.store.db, { repo: REPO, number: 1, headSha });
});
afterAll(async () => world?.dispose());

const stored = async (delivery: string) =>
  (
    await world.codecot.store.db
      .selectFrom('inbound_events')
      .select('id')
      .where('id', '=', `github:${delivery}`)
      .execute()
  ).length;
const jobs = async (delivery: string) => {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where id = ${jobIdFor(
    QUEUES.codeHostEvent,
    `github:${delivery}`,
  )}`.execute(world.codecot.store.db);
  return rows[0]?.n ?? 0;
};

describe('POST /github/webhooks', () => {
  test('a validly signed delivery about a known pull request is stored and queued before the 200', async () => {
    const response = await world.webhook('check_suite', suite(), { secret: SECRET, deliveryId: 'valid-1' });
    expect(response).toMatchObject({ status: 200 });
    expect(JSON.parse(response.body)).toEqual({ ok: true });
    expect(await stored('valid-1')).toBe(1);
    expect(await jobs('valid-1')).toBe(1);
  });

  test.each([
    ['a wrong secret', { secret: 'not-the-secret' }, /does not match/],
    ['no signature at all', { secret: SECRET, headers: { 'x-hub-signature-256': '' } }, /missing/],
    [
      'a stale signature (made with the previous, rotated secret)',
      { secret: 'whsec-old-rotated' },
      /does not match/,
    ],
    ['a legacy SHA-1 signature only', { secret: SECRET, signature: 'sha1=0000' }, /does not match/],
  ])('%s: 401 and nothing stored', async (_name, options, reason) => {
    const deliveryId = `forged-${Math.random().toString(36).slice(2)}`;
    const response = await world.webhook('check_suite', suite(), { ...options, deliveryId });
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body).error).toMatch(reason);
    expect(await stored(deliveryId)).toBe(0);
    expect(await jobs(deliveryId)).toBe(0);
  });

  test('a body changed after signing: 401 and nothing stored', async () => {
    const signed = JSON.stringify(suite());
    const tampered = signed.replace(headSha, 'f'.repeat(40));
    const response = await world.webhook('check_suite', suite(), {
      secret: SECRET,
      deliveryId: 'tampered-1',
      signature: signWebhook(signed, SECRET),
      rawBody: tampered,
    });
    expect(response.status).toBe(401);
    expect(await stored('tampered-1')).toBe(0);
  });

  test('malformed JSON, validly signed: 400 and nothing stored', async () => {
    const raw = '{"action":"completed","check_suite":';
    const response = await sendWebhook(
      world.url,
      'check_suite',
      {},
      {
        secret: SECRET,
        deliveryId: 'malformed-1',
        rawBody: raw,
        signature: signWebhook(raw, SECRET),
      },
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error).toMatch(/not JSON/);
    expect(await stored('malformed-1')).toBe(0);
  });

  test('JSON without the fields a used event needs: 400 and nothing stored', async () => {
    const response = await world.webhook(
      'check_suite',
      { action: 'completed', check_suite: {}, repository: { full_name: REPO } },
      { secret: SECRET, deliveryId: 'shape-1' },
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error).toMatch(/malformed check_suite payload: check_suite\.head_sha/);
    expect(await stored('shape-1')).toBe(0);
  });

  test('unknown repositories and pull requests are acknowledged and ignored; nothing stored', async () => {
    const other = await world.webhook('check_suite', suite('someone/else'), {
      secret: SECRET,
      deliveryId: 'unknown-1',
    });
    expect(other.status).toBe(202);
    expect(JSON.parse(other.body).ignored).toMatch(/no pull request of Codecot's in someone\/else/);
    const closed = pullRequestClosed({ repo: REPO, number: 99, merged: true, headRef: 'x', headSha });
    const unknownPull = await world.webhook('pull_request', closed, {
      secret: SECRET,
      deliveryId: 'unknown-2',
    });
    expect(unknownPull.status).toBe(202);
    expect(JSON.parse(unknownPull.body).ignored).toMatch(
      /acme\/widgets#99 is not a pull request of Codecot's/,
    );
    const fork = await world.webhook(
      'fork',
      { forkee: { full_name: 'someone/widgets' } },
      { secret: SECRET, deliveryId: 'unknown-3' },
    );
    expect(fork.status).toBe(202);
    for (const id of ['unknown-1', 'unknown-2', 'unknown-3']) expect(await stored(id)).toBe(0);
  });

  test('a redelivery (same X-GitHub-Delivery) is acknowledged and processed once', async () => {
    const first = await world.webhook('check_suite', suite(), { secret: SECRET, deliveryId: 'again-1' });
    const second = await world.webhook('check_suite', suite(), { secret: SECRET, deliveryId: 'again-1' });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(JSON.parse(second.body)).toEqual({ ok: true, duplicate: true });
    expect(await stored('again-1')).toBe(1);
    expect(await jobs('again-1')).toBe(1);
  });

  test('ping answers 200; the job of an accepted delivery runs to completion', async () => {
    const ping = await world.webhook('ping', { zen: 'Keep it logically awesome.' }, { secret: SECRET });
    expect(ping.status).toBe(200);
    await waitFor(async () => {
      const { rows } = await sql<{ state: string }>`select state from pgboss.job where id = ${jobIdFor(
        QUEUES.codeHostEvent,
        'github:valid-1',
      )}`.execute(world.codecot.store.db);
      return rows[0]?.state === 'completed';
    }, 15_000);
  });
});
