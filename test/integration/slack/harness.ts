import pino from 'pino';
import { createSlackAdapter } from '../../../adapters/slack/index.ts';
import type { ChannelRef, MessageRef } from '../../../src/domain/chat.ts';
import type { ChatEvent, InboundResult } from '../../../src/domain/chat-events.ts';
import { createHttpServer } from '../../../src/http/server.ts';
import type { Logger } from '../../../src/logger.ts';
import type { ChatPlatform, InboundSink } from '../../../src/ports/chat-platform.ts';
import type { ChatPlatformHarness, Persona } from '../../contract/chat-platform-harness.ts';
import {
  type AppResponse,
  appMentionEvent,
  eventCallback,
  FAKE_BOT_TOKEN,
  FAKE_BOT_USER_ID,
  FAKE_SIGNING_SECRET,
  FAKE_TEAM_ID,
  type FakeSlack,
  memberJoinedChannelEvent,
  messageChangedEvent,
  messageDeletedEvent,
  messageEvent,
  reactionAddedEvent,
  reactionRemovedEvent,
  sendSlackEvent,
  sendSlashCommand,
  slashCommand,
  startFakeSlack,
} from '../../fakes/slack/index.ts';
import { botReactionsOn, ephemeralsFor, postedByBot } from './fake-views.ts';
import { CHANNEL, PERSONAS, personaUsers } from './personas.ts';

export interface SlackHarness extends ChatPlatformHarness {
  fake: FakeSlack;
  eventsUrl: string;
  /** Replaces the sink's behaviour (e.g. to make it fail); `undefined` restores the recording sink. */
  setSinkImpl(impl: InboundSink | undefined): void;
  /** Sends a payload signed like Slack's and returns the response (any status). */
  send(payload: unknown, options?: { retryNum?: number }): Promise<AppResponse>;
}

/** The real Slack adapter in HTTP mode, mounted on the core's HTTP server, against the fake Slack. */
export async function startSlackHarness(logger: Logger = pino({ level: 'silent' })): Promise<SlackHarness> {
  const fake = await startFakeSlack({ channels: [{ id: CHANNEL, name: 'codecot' }], users: personaUsers() });
  const platform: ChatPlatform = createSlackAdapter({
    botToken: FAKE_BOT_TOKEN,
    signingSecret: FAKE_SIGNING_SECRET,
    apiUrl: fake.apiUrl,
    logger,
  });
  const http = createHttpServer(logger);
  for (const route of platform.httpRoutes?.() ?? []) http.route(route.method, route.path, route.handler);
  const { port } = await http.listen(0, '127.0.0.1');
  const eventsUrl = `http://127.0.0.1:${port}/slack/events`;

  const events: ChatEvent[] = [];
  let sinkResult: InboundResult = {};
  let sinkImpl: InboundSink | undefined;
  await platform.start(async (event) => {
    if (sinkImpl) return sinkImpl(event);
    events.push(event);
    return sinkResult;
  });

  const channel: ChannelRef = { platform: 'slack', workspaceId: FAKE_TEAM_ID, channelId: CHANNEL };
  let last: { payload: unknown; retries: number } | undefined;
  const send = (payload: unknown, options: { retryNum?: number } = {}) =>
    sendSlackEvent(eventsUrl, payload, { signingSecret: FAKE_SIGNING_SECRET, ...options });
  const deliver = async (event: unknown): Promise<void> => {
    const payload = eventCallback(event);
    last = { payload, retries: 0 };
    const response = await send(payload);
    if (response.status !== 200) throw new Error(`adapter answered ${response.status} to an event`);
  };
  const storedText = (ts: string) => fake.messages(CHANNEL).find((m) => m.ts === ts)?.text ?? '';

  return {
    platform,
    channel,
    events,
    fake,
    eventsUrl,
    send,
    setSinkResult: (result) => {
      sinkResult = result;
    },
    setSinkImpl: (impl) => {
      sinkImpl = impl;
    },
    userId: (persona) => `slack:${PERSONAS[persona].user.id}`,
    async userSays(text, options = {}) {
      const persona = PERSONAS[options.persona ?? 'member'];
      const fullText = options.mentionBot ? `<@${FAKE_BOT_USER_ID}> ${text}` : text;
      const threadTs = options.threadOf
        ? (options.threadOf.threadId ?? options.threadOf.messageId)
        : undefined;
      const seeded = fake.seedMessage(CHANNEL, {
        user: persona.user.id,
        text: fullText,
        team: persona.team,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...(persona.botId ? { bot_id: persona.botId } : {}),
      });
      const input = {
        channel: CHANNEL,
        user: persona.user.id,
        text: fullText,
        ts: seeded.ts,
        team: persona.team,
        ...(threadTs ? { threadTs } : {}),
        ...(persona.botId ? { botId: persona.botId } : {}),
      };
      await deliver(messageEvent(input));
      if (options.mentionBot) await deliver(appMentionEvent(input));
      const ref: MessageRef = { channel, messageId: seeded.ts };
      if (threadTs) ref.threadId = threadTs;
      return ref;
    },
    async redeliverLast() {
      if (!last) throw new Error('nothing delivered yet');
      last.retries += 1;
      const response = await send(last.payload, { retryNum: last.retries });
      if (response.status !== 200) throw new Error(`adapter answered ${response.status} to a retry`);
    },
    async userReacts(target, emoji, options = {}) {
      const build = options.removed ? reactionRemovedEvent : reactionAddedEvent;
      const user = PERSONAS[options.persona ?? 'member'].user.id;
      await deliver(build({ user, reaction: emoji, channel: CHANNEL, ts: target.messageId, itemUser: user }));
    },
    async userEdits(target, text) {
      const user = PERSONAS.member.user.id;
      const previousText = storedText(target.messageId);
      await deliver(
        messageChangedEvent({ channel: CHANNEL, user, ts: target.messageId, text, previousText }),
      );
    },
    async userDeletes(target) {
      const user = PERSONAS.member.user.id;
      const previousText = storedText(target.messageId);
      await deliver(messageDeletedEvent({ channel: CHANNEL, user, ts: target.messageId, previousText }));
    },
    async slashCommand(subcommand, args) {
      const fields = slashCommand({
        command: '/codecot',
        text: `${subcommand} ${args}`,
        userId: PERSONAS.member.user.id,
        channelId: CHANNEL,
      });
      const response = await sendSlashCommand(eventsUrl, fields, { signingSecret: FAKE_SIGNING_SECRET });
      const body = response.body as { text?: string } | string;
      return typeof body === 'string' ? body : (body.text ?? '');
    },
    async botJoins() {
      await deliver(memberJoinedChannelEvent({ user: FAKE_BOT_USER_ID, channel: CHANNEL }));
    },
    posted: async () => postedByBot(fake, channel),
    botReactions: async (target) => botReactionsOn(fake, target),
    ephemeralsTo: async (userId) => ephemeralsFor(fake, userId),
    supportsPersona: (_persona: Persona) => true,
    maxMessageLength: 40_000,
    async close() {
      await platform.stop();
      await http.close();
      await fake.close();
    },
  };
}
