import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  buttonClick,
  eventCallback,
  FAKE_SIGNING_SECRET,
  messageEvent,
  slashCommand,
  urlVerification,
} from '../fakes/slack/index.ts';
import { CHANNEL, PERSONAS } from '../integration/slack/personas.ts';
import { postRaw, settled } from './raw-post.ts';
import { changedTables, rowCounts } from './row-counts.ts';
import { type SlackWorld, startSlackWorld } from './slack-world.ts';

// Forged, tampered, replayed and stale requests on POST /slack/events of the real app (startCodecot with
// Bolt mounted on our HTTP server): every one is answered 401 with the reason logged, and no table of the
// database (pg-boss's included) gains or loses a row.

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';
const member = PERSONAS.member.user.id;
const now = () => Math.floor(Date.now() / 1000);
const hmac = (secret: string, base: string) => createHmac('sha256', secret).update(base).digest('hex');
const sign = (body: string, ts: number | string, secret = FAKE_SIGNING_SECRET) =>
  `v0=${hmac(secret, `v0:${ts}:${body}`)}`;

const eventBody = (text = 'please add retries to the uploader') =>
  JSON.stringify(eventCallback(messageEvent({ channel: CHANNEL, user: member, text })));
const commandBody = () =>
  new URLSearchParams(
    slashCommand({ command: '/codecot', text: 'watch on', userId: member, channelId: CHANNEL }),
  ).toString();
const interactionBody = () =>
  new URLSearchParams({
    payload: JSON.stringify(
      buttonClick({ actionId: 'approve', value: 'x', userId: member, channelId: CHANNEL, messageTs: '1.2' }),
    ),
  }).toString();

interface Forged {
  body: string;
  headers: Record<string, string | string[]>;
}

/** A request as Slack signs it, then changed by `forge`. */
function forged(
  forge: (signed: { body: string; ts: string; signature: string }) => Partial<Forged> & {
    signature?: string | string[] | undefined;
    ts?: string | string[] | undefined;
  },
  original = eventBody(),
  contentType = JSON_TYPE,
): Forged {
  const ts = String(now());
  const changed = forge({ body: original, ts, signature: sign(original, ts) });
  const headers: Record<string, string | string[]> = { 'content-type': contentType, ...changed.headers };
  if (changed.signature !== undefined) headers['x-slack-signature'] = changed.signature;
  if (changed.ts !== undefined) headers['x-slack-request-timestamp'] = changed.ts;
  return { body: changed.body ?? original, headers };
}

const body = eventBody();
const ts = () => String(now());
const flip = (text: string, at: number) =>
  `${text.slice(0, at)}${text[at] === 'a' ? 'b' : 'a'}${text.slice(at + 1)}`;

const CASES: [string, () => Forged][] = [
  ['no X-Slack-Signature header', () => forged(({ ts }) => ({ ts }))],
  ['no X-Slack-Request-Timestamp header', () => forged(({ signature }) => ({ signature }))],
  ['neither header', () => forged(() => ({}))],
  ['an empty signature', () => forged(({ ts }) => ({ ts, signature: '' }))],
  ['an empty timestamp', () => forged(({ signature }) => ({ signature, ts: '' }))],
  [
    'a signature made with another secret',
    () => forged(({ ts }) => ({ ts, signature: sign(body, ts, 'x') })),
  ],
  [
    'a signature made with an empty secret',
    () => forged(({ ts }) => ({ ts, signature: sign(body, ts, '') })),
  ],
  [
    'the signature of a different body',
    () => forged(({ ts }) => ({ ts, signature: sign(eventBody('another message'), ts) })),
  ],
  ['the body changed by one byte', () => forged((s) => ({ ...s, body: flip(s.body, 40) }))],
  [
    'the body re-indented (whitespace only)',
    () => forged((s) => ({ ...s, body: JSON.stringify(JSON.parse(s.body), null, 2) })),
  ],
  ['a trailing newline added to the body', () => forged((s) => ({ ...s, body: `${s.body}\n` }))],
  [
    'a field appended to the body',
    () => forged((s) => ({ ...s, body: `${s.body.slice(0, -1)},"is_admin":true}` })),
  ],
  ['a truncated signature', () => forged((s) => ({ ...s, signature: s.signature.slice(0, -1) }))],
  ['a signature of only "v0="', () => forged((s) => ({ ...s, signature: 'v0=' }))],
  ['an over-long signature', () => forged((s) => ({ ...s, signature: `${s.signature}00` }))],
  ['a v1= version prefix', () => forged((s) => ({ ...s, signature: s.signature.replace('v0=', 'v1=') }))],
  ['no version prefix', () => forged((s) => ({ ...s, signature: s.signature.slice(3) }))],
  [
    'a GitHub-style sha256= prefix',
    () => forged((s) => ({ ...s, signature: s.signature.replace('v0=', 'sha256=') })),
  ],
  ['uppercase hex', () => forged((s) => ({ ...s, signature: `v0=${s.signature.slice(3).toUpperCase()}` }))],
  ['an uppercase V0= prefix', () => forged((s) => ({ ...s, signature: s.signature.replace('v0=', 'V0=') }))],
  ['the signature header sent twice', () => forged((s) => ({ ...s, signature: [s.signature, s.signature] }))],
  [
    'a valid signature header next to a forged one',
    () => forged((s) => ({ ...s, signature: [`v0=${'0'.repeat(64)}`, s.signature] })),
  ],
  ['the timestamp header sent twice', () => forged((s) => ({ ...s, ts: [s.ts, s.ts] }))],
  [
    'a correctly signed timestamp 6 minutes old (stale)',
    () => forged(({ body }) => ({ ts: String(now() - 360), signature: sign(body, now() - 360) })),
  ],
  [
    'a correctly signed timestamp a day old',
    () => forged(({ body }) => ({ ts: String(now() - 86_400), signature: sign(body, now() - 86_400) })),
  ],
  [
    'a correctly signed timestamp 10 minutes in the future',
    () => forged(({ body }) => ({ ts: String(now() + 600), signature: sign(body, now() + 600) })),
  ],
  ['a correctly signed timestamp of 0', () => forged(({ body }) => ({ ts: '0', signature: sign(body, 0) }))],
  ['a negative timestamp', () => forged(({ body }) => ({ ts: '-1', signature: sign(body, -1) }))],
  ['a non-numeric timestamp', () => forged(({ body }) => ({ ts: 'abc', signature: sign(body, 'abc') }))],
  [
    'a numeric prefix followed by junk',
    () => forged(({ body }) => ({ ts: `${ts()}abc`, signature: sign(body, `${ts()}abc`) })),
  ],
  [
    'a fractional timestamp',
    () => forged(({ body }) => ({ ts: `${ts()}.5`, signature: sign(body, `${ts()}.5`) })),
  ],
  [
    'a timestamp other than the one signed',
    () => forged(({ body }) => ({ ts: String(now() - 1), signature: sign(body, now()) })),
  ],
  [
    'a signature over a base string without the separator',
    () => forged(({ body, ts }) => ({ ts, signature: `v0=${hmac(FAKE_SIGNING_SECRET, `v0:${ts}${body}`)}` })),
  ],
  [
    'a url_verification challenge with a forged signature',
    () =>
      forged(({ ts }) => ({ ts, signature: `v0=${'a'.repeat(64)}` }), JSON.stringify(urlVerification('c-1'))),
  ],
  [
    'an unsigned url_verification challenge',
    () => forged(() => ({}), JSON.stringify(urlVerification('c-2'))),
  ],
  [
    'a slash command with a signature made with another secret',
    () => forged(({ body, ts }) => ({ ts, signature: sign(body, ts, 'x') }), commandBody(), FORM_TYPE),
  ],
  ['an unsigned slash command', () => forged(() => ({}), commandBody(), FORM_TYPE)],
  [
    'a slash command with its text changed after signing',
    () => forged((s) => ({ ...s, body: s.body.replace('watch+on', 'watch+off') }), commandBody(), FORM_TYPE),
  ],
  [
    'an interactivity payload with a signature made with another secret',
    () => forged(({ body, ts }) => ({ ts, signature: sign(body, ts, 'x') }), interactionBody(), FORM_TYPE),
  ],
  ['an unsigned interactivity payload', () => forged(() => ({}), interactionBody(), FORM_TYPE)],
];

let world: SlackWorld;
const refusals = () => world.logs.filter((l) => l.msg === 'slack request refused' && l.status === 401);

beforeAll(async () => {
  world = await startSlackWorld();
});
afterAll(async () => world?.dispose());

/** Sends a request and returns its status and the tables whose row count it changed (at rest). */
async function effectOf(request: Forged): Promise<{ status: number; changed: object }> {
  await settled(world.codecot.store.db);
  const before = await rowCounts(world.codecot.store.db);
  const response = await postRaw(world.eventsUrl, request.body, request.headers);
  await settled(world.codecot.store.db);
  return { status: response.status, changed: changedTables(before, await rowCounts(world.codecot.store.db)) };
}

describe('forged Slack requests on POST /slack/events', () => {
  test('the row count snapshot sees every table, pg-boss job table included', async () => {
    const tables = Object.keys(await rowCounts(world.codecot.store.db));
    expect(tables).toEqual(
      expect.arrayContaining(['pgboss.job', 'public.inbound_events', 'public.messages']),
    );
    expect(tables.length).toBeGreaterThan(20);
  });

  test.each(CASES)('%s: 401, the reason logged, no row added anywhere', async (_name, build) => {
    const logged = refusals().length;
    expect(await effectOf(build())).toEqual({ status: 401, changed: {} });
    const [line, ...more] = refusals().slice(logged);
    expect(more).toEqual([]);
    expect(line?.reason).toMatch(/^signature check failed: .+/);
  });

  test('a captured valid request is accepted once, then refused when replayed after it went stale', async () => {
    // Signed 297 s ago: still inside Slack's 5-minute window when first sent, outside it 4 s later.
    const signedAt = now() - 297;
    const raw = eventBody('captured on the wire');
    const headers = { 'content-type': JSON_TYPE, 'x-slack-request-timestamp': String(signedAt) };
    const captured = { body: raw, headers: { ...headers, 'x-slack-signature': sign(raw, signedAt) } };
    const first = await effectOf(captured);
    expect(first.status).toBe(200);
    expect(first.changed).toHaveProperty(['public.inbound_events'], [expect.any(Number), expect.any(Number)]);
    while (now() - signedAt <= 301) await new Promise((resolve) => setTimeout(resolve, 250));
    const logged = refusals().length;
    expect(await effectOf(captured)).toEqual({ status: 401, changed: {} });
    expect(refusals().slice(logged)).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/more than 5 minutes off/) }),
    ]);
  });

  test('an exact replay inside the window is accepted and deduplicated by event id: nothing stored twice', async () => {
    const raw = eventBody('replayed within the window');
    const signedAt = now();
    const request = {
      body: raw,
      headers: {
        'content-type': JSON_TYPE,
        'x-slack-request-timestamp': String(signedAt),
        'x-slack-signature': sign(raw, signedAt),
      },
    };
    const first = await effectOf(request);
    expect(first.status).toBe(200);
    expect(first.changed).toHaveProperty(['public.inbound_events']);
    expect(await effectOf(request)).toEqual({ status: 200, changed: {} });
  });

  test('after every forgery the bot still answers a real mention', async () => {
    await world.mentionIsAnswered('add retries to the uploader');
  });
});
