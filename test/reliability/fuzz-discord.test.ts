import { GatewayDispatchEvents as E } from 'discord.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { z } from 'zod';
import {
  deleteEvent,
  editEvent,
  messageEvent,
  reactionEvent,
  reactorOf,
} from '../../adapters/discord/parse.ts';
import { commandEvent, invokerOf, readInvocation } from '../../adapters/discord/parse-command.ts';
import {
  describeIssue,
  interactionSchema,
  messageDeleteBulkSchema,
  messageDeleteSchema,
  messageSchema,
  messageUpdateSchema,
  reactionSchema,
} from '../../adapters/discord/schemas.ts';
import type { ChatEvent } from '../../src/domain/chat-events.ts';
import {
  interactionCreate,
  messageCreate,
  messageDelete,
  messageUpdate,
  reactionAdd,
  reactionRemove,
} from '../fakes/discord/index.ts';
import { waitFor } from '../helpers/wait.ts';
import { type DiscordHarness, makeDiscordHarness } from '../integration/discord/harness.ts';
import { ADA, BOT, ctx, GENERAL, GUILD, inThread, TRUSTED_ROLE } from '../unit/discord/fixtures.ts';
import { clearReason, fuzz, fuzzAsync, guardProcess, RUNS } from './fuzz.ts';
import { jsonText, payloadsFrom } from './hostile.ts';

const MESSAGE = '1100000000000000010';
const at = new Date('2026-11-25T09:00:00Z');
const base = { guildId: GUILD, channelId: GENERAL, author: ADA, member: { roles: [TRUSTED_ROLE] } };
const reaction = { guildId: GUILD, channelId: GENERAL, messageId: MESSAGE, user: ADA, roles: [TRUSTED_ROLE] };

/** One real-shaped dispatch per gateway event the adapter reads, by event name. */
function fixtures(botId: string, appId: string, where = base): [string, unknown][] {
  return [
    [
      E.MessageCreate,
      messageCreate({
        ...where,
        content: `<@${botId}> add a mul function`,
        mentions: [{ id: botId, username: 'codecot' }],
      }),
    ],
    [E.MessageCreate, messageCreate({ ...where, content: 'just talking' })],
    [E.MessageUpdate, messageUpdate({ ...where, id: MESSAGE, content: 'edited words' })],
    [E.MessageDelete, messageDelete({ id: MESSAGE, channelId: where.channelId, guildId: where.guildId })],
    [E.MessageDeleteBulk, { ids: [MESSAGE], channel_id: where.channelId, guild_id: where.guildId }],
    [E.MessageReactionAdd, reactionAdd({ ...reaction, channelId: where.channelId, guildId: where.guildId })],
    [
      E.MessageReactionRemove,
      reactionRemove({ ...reaction, channelId: where.channelId, guildId: where.guildId }),
    ],
    [
      E.InteractionCreate,
      interactionCreate({
        applicationId: appId,
        guildId: where.guildId,
        channelId: where.channelId,
        user: ADA,
        subcommand: 'repo',
        options: { name: 'acme/widgets' },
      }),
    ],
  ];
}

const SCHEMAS: Record<string, z.ZodType> = {
  [E.MessageCreate]: messageSchema,
  [E.MessageUpdate]: messageUpdateSchema,
  [E.MessageDelete]: messageDeleteSchema,
  [E.MessageDeleteBulk]: messageDeleteBulkSchema,
  [E.MessageReactionAdd]: reactionSchema,
  [E.MessageReactionRemove]: reactionSchema,
  [E.InteractionCreate]: interactionSchema,
};

/** Dispatches as the gateway would carry them: a real event name, and a hostile or mutated body. */
function dispatches(botId: string, appId: string, where = base): fc.Arbitrary<[string, unknown]> {
  const real = fixtures(botId, appId, where);
  return fc.tuple(fc.constantFrom(...real.map(([t]) => t)), fc.nat()).chain(([t, pick]) => {
    const sameType = real.filter(([name]) => name === t).map(([, d]) => d);
    return payloadsFrom(sameType.length ? sameType : [real[pick % real.length]?.[1]]).map(
      (d): [string, unknown] => [t, d],
    );
  });
}

function expectCanonical(event: ChatEvent | null): void {
  if (!event) return;
  expect(event.eventId).toMatch(/^discord:/);
  const when = 'message' in event ? event.message.at : 'at' in event ? event.at : undefined;
  if (when) expect(Number.isNaN(when.getTime())).toBe(false);
}

/** What the adapter does with one dispatch, without the network: validate, then build the event. */
function parseOne(t: string, d: unknown): void {
  const schema = SCHEMAS[t];
  if (!schema) return;
  const parsed = schema.safeParse(d);
  if (!parsed.success) {
    expect(clearReason(describeIssue(parsed.error))).toBe(true);
    return;
  }
  const facts = parsed.data as never;
  const roles = ['1100000000000000011'];
  switch (t) {
    case E.MessageCreate:
      expectCanonical(messageEvent(facts, inThread, roles, ctx(TRUSTED_ROLE)));
      return;
    case E.MessageUpdate:
      expectCanonical(editEvent(facts, inThread, ctx()));
      return;
    case E.MessageDelete:
      expectCanonical(deleteEvent((facts as { id: string }).id, inThread, at));
      return;
    case E.MessageReactionAdd:
    case E.MessageReactionRemove:
      expectCanonical(reactionEvent(true, facts, inThread, reactorOf(facts), at, ctx(), 'session:1'));
      return;
    case E.InteractionCreate: {
      const invocation = readInvocation(facts);
      if ('skip' in invocation) {
        expect(clearReason(invocation.skip)).toBe(true);
        return;
      }
      const invoker = invokerOf(facts);
      if (invoker) expectCanonical(commandEvent(facts, invocation, inThread, invoker, ctx()));
    }
  }
}

describe('fuzzing the Discord dispatch and interaction parsers', () => {
  guardProcess();

  test(`${RUNS.discordParsers} dispatches: each validated into a canonical event or refused with a reason`, () => {
    const ran = fuzz('discordParsers', dispatches(BOT, '1100000000000000012'), ([t, d]) => {
      parseOne(t, d);
      // Over the gateway a payload is JSON: what survives the round trip is what the adapter sees.
      parseOne(t, JSON.parse(jsonText(d)));
    });
    expect(ran).toBe(RUNS.discordParsers);
  });
});

describe('hostile dispatches through the fake Discord gateway', () => {
  guardProcess();
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await makeDiscordHarness();
  }, 60_000);
  afterAll(async () => h?.close());

  test(`${RUNS.discordGateway} hostile dispatches: malformed ones skipped with a logged reason; the bot still hears a message`, async () => {
    const { fake, guildId, channelId } = h.world;
    const where = { ...base, guildId, channelId };
    let refused = 0;
    const ran = await fuzzAsync(
      'discordGateway',
      dispatches(fake.botUser.id, fake.applicationId, where),
      async ([t, d]) => {
        const wire = JSON.parse(jsonText(d));
        // Straight to the sessions: the fake's own store would choke on the hostile bodies first.
        const reached = fake.gateway.dispatch(t, wire);
        if (reached > 0 && !SCHEMAS[t]?.safeParse(wire).success) refused += 1;
      },
    );
    expect(ran).toBe(RUNS.discordGateway);
    const marker = await h.userSays('after the storm: add retries to the uploader');
    await waitFor(
      () => h.events.some((e) => e.type === 'message' && e.message.ref.messageId === marker.messageId),
      30_000,
    );
    const skipped = h.logs.filter((l) => l.msg === 'malformed discord dispatch skipped');
    expect(refused).toBeGreaterThan(0);
    expect(skipped).toHaveLength(refused);
    for (const line of skipped) expect(clearReason(line.reason)).toBe(true);
    expect(h.logs.filter((l) => l.msg === 'discord dispatch handling failed')).toEqual([]);
    for (const event of h.events) expectCanonical(event);
  }, 120_000);
});
