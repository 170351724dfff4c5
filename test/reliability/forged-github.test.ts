import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkSuiteCompleted, signWebhook, signWebhookSha1 } from '../fakes/github/index.ts';
import { seedPullRequest } from '../integration/ci/seed.ts';
import { type CiWorld, REPO, SECRET, startCiWorld } from '../integration/ci/world.ts';
import { postRaw, settled } from './raw-post.ts';
import { changedTables, rowCounts } from './row-counts.ts';

// Forged, tampered and replayed deliveries on POST /github/webhooks of the real app (startCodecot with
// the @octokit/webhooks route): every one is answered 401, and no table (pg-boss's included) changes.

const headSha = 'c0ffee'.padEnd(40, '0');
const suite = (conclusion: 'success' | 'failure' = 'success') =>
  JSON.stringify(
    checkSuiteCompleted({
      repo: REPO,
      headSha,
      headBranch: 'codecot/12345678-add-mul',
      conclusion,
      pullRequests: [{ number: 1, headRef: 'codecot/12345678-add-mul', headSha }],
    }),
  );

interface Delivery {
  body: string;
  headers: Record<string, string | string[]>;
}

/** A delivery as GitHub's hookshot signs it; `change` edits it. Headers set to undefined are left out. */
function delivery(
  change: (signed: { body: string; signature: string }) => {
    body?: string;
    headers?: Record<string, string | string[] | undefined>;
  },
  body = suite(),
): Delivery {
  const changed = change({ body, signature: signWebhook(body, SECRET) });
  const headers: Record<string, string | string[] | undefined> = {
    'content-type': 'application/json',
    'x-github-event': 'check_suite',
    'x-github-delivery': randomUUID(),
    'x-hub-signature': signWebhookSha1(body, SECRET),
    'x-hub-signature-256': signWebhook(body, SECRET),
    ...changed.headers,
  };
  const sent = Object.fromEntries(
    Object.entries(headers).filter((entry): entry is [string, string | string[]] => entry[1] !== undefined),
  );
  return { body: changed.body ?? body, headers: sent };
}

const signatureOf = (value: string | string[] | undefined) => ({ headers: { 'x-hub-signature-256': value } });
const hex = (signature: string) => signature.slice('sha256='.length);

const CASES: [string, () => Delivery][] = [
  ['no X-Hub-Signature-256 header (only the legacy SHA-1 one)', () => delivery(() => signatureOf(undefined))],
  [
    'no signature header at all',
    () => delivery(() => ({ headers: { 'x-hub-signature-256': undefined, 'x-hub-signature': undefined } })),
  ],
  ['an empty signature', () => delivery(() => signatureOf(''))],
  [
    'a signature made with another secret',
    () => delivery(({ body }) => signatureOf(signWebhook(body, 'whsec-other'))),
  ],
  ['a signature made with an empty secret', () => delivery(({ body }) => signatureOf(signWebhook(body, '')))],
  [
    "another delivery's signature (a replayed signature on a new body)",
    () => delivery(() => signatureOf(signWebhook(suite('failure'), SECRET))),
  ],
  [
    'the body changed by one byte',
    () => delivery(({ body }) => ({ body: body.replace('success', 'successs') })),
  ],
  [
    'the body re-indented (whitespace only)',
    () => delivery(({ body }) => ({ body: JSON.stringify(JSON.parse(body), null, 2) })),
  ],
  ['a trailing newline added to the body', () => delivery(({ body }) => ({ body: `${body}\n` }))],
  [
    'a field appended to the body',
    () => delivery(({ body }) => ({ body: `${body.slice(0, -1)},"admin":true}` })),
  ],
  ['a truncated signature', () => delivery(({ signature }) => signatureOf(signature.slice(0, -1)))],
  ['a signature of only "sha256="', () => delivery(() => signatureOf('sha256='))],
  ['an over-long signature', () => delivery(({ signature }) => signatureOf(`${signature}00`))],
  [
    'a valid legacy sha1= signature in the SHA-256 header',
    () => delivery(({ body }) => signatureOf(signWebhookSha1(body, SECRET))),
  ],
  [
    'a sha1= prefix on the SHA-256 hex',
    () => delivery(({ signature }) => signatureOf(`sha1=${hex(signature)}`)),
  ],
  ['no algorithm prefix', () => delivery(({ signature }) => signatureOf(hex(signature)))],
  ['a Slack-style v0= prefix', () => delivery(({ signature }) => signatureOf(`v0=${hex(signature)}`))],
  ['uppercase hex', () => delivery(({ signature }) => signatureOf(`sha256=${hex(signature).toUpperCase()}`))],
  ['an uppercase SHA256= prefix', () => delivery(({ signature }) => signatureOf(`SHA256=${hex(signature)}`))],
  ['the signature header sent twice', () => delivery(({ signature }) => signatureOf([signature, signature]))],
  [
    'a valid signature header next to a forged one',
    () => delivery(({ signature }) => signatureOf([`sha256=${'0'.repeat(64)}`, signature])),
  ],
  [
    'no X-GitHub-Event header and a forged signature',
    () =>
      delivery(() => ({
        headers: { 'x-github-event': undefined, 'x-hub-signature-256': `sha256=${'1'.repeat(64)}` },
      })),
  ],
  [
    'no X-GitHub-Delivery header and a forged signature',
    () =>
      delivery(() => ({ headers: { 'x-github-delivery': undefined, 'x-hub-signature-256': 'sha256=00' } })),
  ],
  [
    'neither event nor delivery header, unsigned',
    () =>
      delivery(() => ({
        headers: {
          'x-github-event': undefined,
          'x-github-delivery': undefined,
          'x-hub-signature-256': undefined,
        },
      })),
  ],
  [
    'a ping with a forged signature',
    () =>
      delivery(
        () => ({ headers: { 'x-github-event': 'ping', 'x-hub-signature-256': 'sha256=ff' } }),
        '{"zen":"x"}',
      ),
  ],
];

let world: CiWorld;
const db = () => world.codecot.store.db;

beforeAll(async () => {
  world = await startCiWorld({});
  await seedPullRequest(db(), { repo: REPO, number: 1, headSha });
  // The seeded channel's digest would otherwise be due on weekdays at 09:00 and add a job mid-test.
  await db().updateTable('channels').set({ digest_cron: '0 0 29 2 *' }).execute();
});
afterAll(async () => world?.dispose());

async function effectOf(request: Delivery): Promise<{ status: number; body: string; changed: object }> {
  await settled(db());
  const before = await rowCounts(db());
  const response = await postRaw(world.url, request.body, request.headers);
  await settled(db());
  return { ...response, changed: changedTables(before, await rowCounts(db())) };
}

describe('forged GitHub deliveries on POST /github/webhooks', () => {
  test('the row count snapshot sees every table, pg-boss job table included', async () => {
    const tables = Object.keys(await rowCounts(db()));
    expect(tables).toEqual(
      expect.arrayContaining(['pgboss.job', 'public.inbound_events', 'public.pull_requests']),
    );
  });

  test('the unchanged delivery is accepted (so each case below fails only by what it changes)', async () => {
    const accepted = await effectOf(delivery(() => ({})));
    expect(accepted.status).toBe(200);
    expect(accepted.changed).toHaveProperty(['public.inbound_events']);
    expect(accepted.changed).toHaveProperty(['pgboss.job']);
  });

  test.each(CASES)('%s: 401 and no row added anywhere', async (_name, build) => {
    const { status, body, changed } = await effectOf(build());
    expect({ status, changed }).toEqual({ status: 401, changed: {} });
    expect(JSON.parse(body).error).toMatch(/^signature (missing|does not match)$/);
  });

  test("an exact replay of a signed delivery (GitHub's own redelivery) is acknowledged as a duplicate; nothing stored twice", async () => {
    const original = delivery(() => ({}));
    const first = await effectOf(original);
    expect(first.status).toBe(200);
    expect(first.changed).toHaveProperty(['public.inbound_events']);
    const replay = await effectOf(original);
    expect(replay).toEqual({ status: 200, body: JSON.stringify({ ok: true, duplicate: true }), changed: {} });
  });

  test('a captured delivery replayed under a new delivery id (GitHub signs only the body): 401, nothing stored', async () => {
    const original = delivery(() => ({}));
    expect((await effectOf(original)).status).toBe(200);
    const renamed = { ...original, headers: { ...original.headers, 'x-github-delivery': randomUUID() } };
    const replay = await effectOf(renamed);
    expect({ status: replay.status, changed: replay.changed }).toEqual({ status: 401, changed: {} });
    expect(JSON.parse(replay.body).error).toMatch(/^a replay of delivery github:/);
  });
});
