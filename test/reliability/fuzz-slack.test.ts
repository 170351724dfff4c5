import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { classifyBody } from '../../adapters/slack/classify-body.ts';
import { parseSlackBody } from '../../adapters/slack/http-body.ts';
import { parseEnvelope } from '../../adapters/slack/parse.ts';
import { parseSlashCommand, splitCommandText } from '../../adapters/slack/parse-command.ts';
import type { ParsedInbound } from '../../adapters/slack/parsed.ts';
import type { ChatUser } from '../../src/domain/chat.ts';
import type { ChatEvent } from '../../src/domain/chat-events.ts';
import {
  appMentionEvent,
  buttonClick,
  eventCallback,
  FAKE_BOT_USER_ID,
  FAKE_SIGNING_SECRET,
  FAKE_TEAM_ID,
  memberJoinedChannelEvent,
  messageChangedEvent,
  messageDeletedEvent,
  messageEvent,
  postSignedToApp,
  reactionAddedEvent,
  reactionRemovedEvent,
  slashCommand,
  urlVerification,
} from '../fakes/slack/index.ts';
import { CHANNEL, PERSONAS } from '../integration/slack/personas.ts';
import { clearReason, fuzz, fuzzAsync, guardProcess, RUNS } from './fuzz.ts';
import { hostileString, jsonText, payloadsFrom } from './hostile.ts';
import { type SlackWorld, startSlackWorld } from './slack-world.ts';

const ctx = { teamId: FAKE_TEAM_ID, botUserId: FAKE_BOT_USER_ID };
const user = PERSONAS.member.user.id;
const ts = '1712345678.000100';
const base = { channel: CHANNEL, user, ts };
const callback = (event: unknown, n: number) =>
  eventCallback(event, { eventId: `Ev0FUZZ${n}`, eventTime: 1_712_345_678 });

/** Real-shaped deliveries of every kind the endpoint takes, each the start of many mutations. */
const EVENTS = [
  callback(messageEvent({ ...base, text: 'please add retries' }), 1),
  callback(messageEvent({ ...base, text: 'in a thread', threadTs: ts, ts: '1712345679.000200' }), 2),
  callback(appMentionEvent({ ...base, text: `<@${FAKE_BOT_USER_ID}> add a mul function` }), 3),
  callback(
    reactionAddedEvent({ user, reaction: 'white_check_mark', channel: CHANNEL, ts, itemUser: user }),
    4,
  ),
  callback(reactionRemovedEvent({ user, reaction: 'x', channel: CHANNEL, ts, itemUser: user }), 5),
  callback(memberJoinedChannelEvent({ user: FAKE_BOT_USER_ID, channel: CHANNEL }), 6),
  callback(messageChangedEvent({ ...base, text: 'new words', previousText: 'old words' }), 7),
  callback(messageDeletedEvent({ ...base, previousText: 'gone' }), 8),
  urlVerification('challenge-fuzz'),
];
const COMMAND = slashCommand({
  command: '/codecot',
  text: 'approvers add <@U0OTHER>',
  userId: user,
  channelId: CHANNEL,
  triggerId: '1234.5678.abcd',
});
const INTERACTION = buttonClick({
  actionId: 'approve',
  value: 'v',
  userId: user,
  channelId: CHANNEL,
  messageTs: ts,
});
const ALL = [...EVENTS, COMMAND, INTERACTION];

/** Shapes found to trip code that reads fields before validating them (Bolt's router among it). */
const mention = EVENTS[2] as { event: Record<string, unknown> };
const TARGETED = [
  { ...mention, event: { ...mention.event, item: 5 } },
  { ...mention, event: { ...mention.event, item: null } },
  { ...mention, event: { ...mention.event, channel: null } },
  { ...mention, event: { ...mention.event, channel_id: { id: 1 } } },
  { ...mention, authorizations: null, team_id: {}, enterprise_id: [] },
  { ...mention, is_enterprise_install: 'yes', api_app_id: 5 },
  { ...mention, event: { ...mention.event, text: 'NUL \u0000 and a lone \uD800 in the text' } },
  { ...mention, event: { ...mention.event, user: 'U0MEMBER', user_team: null, team: 5 } },
];

const reactor: ChatUser = { id: `slack:${user}`, name: 'alice', trust: 'trusted', isBot: false };

/** A parse result is either a canonical event or a refusal that says why. */
function expectExplained(result: ParsedInbound): void {
  switch (result.kind) {
    case 'malformed':
    case 'ignored':
      expect(clearReason(result.reason), result.reason).toBe(true);
      return;
    case 'ready':
      expectCanonical(result.event);
      return;
    case 'needs_author':
      expectCanonical(result.complete(reactor));
      return;
  }
}

function expectCanonical(event: ChatEvent): void {
  expect(event.eventId).toMatch(/^slack:[\w:.-]+$/);
  const at = 'message' in event ? event.message.at : 'at' in event ? event.at : undefined;
  if (at) expect(Number.isNaN(at.getTime())).toBe(false);
}

/** Form fields as Slack would send them: every value a string. */
const formOf = (payload: unknown): string => {
  if (payload === null || typeof payload !== 'object')
    return new URLSearchParams({ text: String(payload) }).toString();
  const fields = Object.entries(payload).map(([key, value]): [string, string] => [
    key,
    typeof value === 'string' ? value : jsonText(value),
  ]);
  return new URLSearchParams(fields).toString();
};

describe('fuzzing the Slack parsers', () => {
  guardProcess();

  test(`event, command and interactivity parsing: ${RUNS.slackParsers} payloads, each parsed or refused with a reason`, () => {
    const ran = fuzz('slackParsers', payloadsFrom(ALL), (payload) => {
      const bodies = [
        parseSlackBody(jsonText(payload), 'application/json'),
        parseSlackBody(formOf(payload), 'application/x-www-form-urlencoded'),
        parseSlackBody(
          new URLSearchParams({ payload: jsonText(payload) }).toString(),
          'application/x-www-form-urlencoded; charset=utf-8',
        ),
      ];
      for (const parsed of bodies) {
        if (!parsed.ok) {
          expect(clearReason(parsed.reason), parsed.reason).toBe(true);
          continue;
        }
        const kind = classifyBody(parsed.body);
        if (kind.kind === 'malformed') expect(clearReason(kind.reason), kind.reason).toBe(true);
        if (kind.kind === 'url_verification') expect(typeof kind.challenge).toBe('string');
        expectExplained(parseEnvelope(parsed.body, ctx));
        expectExplained(parseSlashCommand(parsed.body, ctx));
      }
      // The parsers also meet values no JSON body can hold (a payload that is not an object at all).
      expectExplained(parseEnvelope(payload, ctx));
      expectExplained(parseSlashCommand(payload, ctx));
    });
    expect(ran).toBe(RUNS.slackParsers);
  });

  test('command text splitting never throws and keeps the words', () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        const { subcommand, args } = splitCommandText(text);
        expect(subcommand).toBe(subcommand.toLowerCase());
        expect(text.includes(args)).toBe(true);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('fuzzing POST /slack/events with validly signed hostile bodies', () => {
  guardProcess();
  let world: SlackWorld;
  beforeAll(async () => {
    world = await startSlackWorld();
  }, 60_000);
  afterAll(async () => world?.dispose());

  test(`${RUNS.slackHttp} signed hostile requests: each stored or refused with a reason, never a 500; the bot still answers`, async () => {
    const statuses: Record<number, number> = {};
    const refused = () => world.logs.filter((l) => l.msg === 'slack request refused');
    const shapes = fc.oneof(
      fc.constantFrom(...TARGETED).map((payload) => ({ raw: jsonText(payload), type: 'application/json' })),
      payloadsFrom(EVENTS).map((payload) => ({ raw: jsonText(payload), type: 'application/json' })),
      payloadsFrom([COMMAND]).map((payload) => ({
        raw: formOf(payload),
        type: 'application/x-www-form-urlencoded',
      })),
      payloadsFrom([INTERACTION]).map((payload) => ({
        raw: new URLSearchParams({ payload: jsonText(payload) }).toString(),
        type: 'application/x-www-form-urlencoded',
      })),
    );
    const ran = await fuzzAsync('slackHttp', shapes, async ({ raw, type }) => {
      const before = refused().length;
      const response = await postSignedToApp(world.eventsUrl, raw, type, {
        signingSecret: FAKE_SIGNING_SECRET,
      });
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      expect([200, 400, 413]).toContain(response.status);
      if (response.status === 200) return;
      const reasons = refused().slice(before);
      expect(reasons).toHaveLength(1);
      expect(clearReason(reasons[0]?.reason)).toBe(true);
    });
    expect(ran).toBe(RUNS.slackHttp);
    // Both outcomes happened: the storm was not all noise the endpoint could dismiss at once.
    expect(statuses[200]).toBeGreaterThan(0);
    expect(statuses[400]).toBeGreaterThan(0);
    expect(world.logs.filter((l) => l.msg === 'request handler failed')).toEqual([]);
    await world.mentionIsAnswered('add retries to the uploader');
  }, 120_000);
});
