import { createSlackAdapter } from '../../adapters/slack/index.ts';
import { emojiFor } from '../../src/domain/emoji.ts';
import {
  appMentionEvent,
  eventCallback,
  FAKE_BOT_TOKEN,
  FAKE_BOT_USER_ID,
  FAKE_SIGNING_SECRET,
  type FakeSlack,
  messageEvent,
  reactionAddedEvent,
  sendSlackEvent,
  sendSlashCommand,
  slashCommand,
  startFakeSlack,
} from '../fakes/slack/index.ts';
import { visibleText } from '../integration/slack/personas.ts';
import { DeliveryLog, type Person, type PlatformDriver } from './driver.ts';

const CHANNEL = 'C0E2EFLOW';
const USERS: Record<Person, { id: string; name: string }> = {
  requester: { id: 'U0REQUESTER', name: 'alice' },
  approver: { id: 'U0APPROVER', name: 'bob' },
  bystander: { id: 'U0BYSTANDER', name: 'carol' },
};

/** The app's credentials; the fake Slack's defaults when omitted. */
export interface SlackCredentials {
  botToken?: string;
  signingSecret?: string;
}

/** Slack over HTTP Events API: people act through signed deliveries, the bot through the fake Web API. */
export async function startSlackDriver(
  credentials: SlackCredentials = {},
): Promise<PlatformDriver & { readonly fake: FakeSlack; readonly channel: string }> {
  const botToken = credentials.botToken ?? FAKE_BOT_TOKEN;
  const fake = await startFakeSlack({
    channels: [{ id: CHANNEL, name: 'e2e' }],
    users: Object.values(USERS),
    botToken,
  });
  const deliveries = new DeliveryLog();
  let eventsUrl = '';
  let lastReaction: { payload: unknown; messageId: string; userId: string; retries: number } | undefined;
  const signed = { signingSecret: credentials.signingSecret ?? FAKE_SIGNING_SECRET };
  const deliver = async (payload: unknown, retryNum?: number) => {
    const options = retryNum ? { ...signed, retryNum, retryReason: 'http_timeout' } : signed;
    const response = await sendSlackEvent(eventsUrl, payload, options);
    if (response.status !== 200) throw new Error(`Codecot answered ${response.status} to a Slack event`);
  };
  const says = async (person: Person, text: string, threadTs?: string) => {
    const user = USERS[person].id;
    const seeded = fake.seedMessage(CHANNEL, { user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
    const input = { channel: CHANNEL, user, text, ts: seeded.ts, ...(threadTs ? { threadTs } : {}) };
    await deliver(eventCallback(messageEvent(input)));
    return { input, ts: seeded.ts };
  };

  return {
    platform: 'slack',
    fake,
    channel: CHANNEL,
    setup: {
      env: {
        SLACK_BOT_TOKEN: botToken,
        SLACK_SIGNING_SECRET: signed.signingSecret,
        SLACK_API_URL: fake.apiUrl,
      },
      build(config, logger) {
        if (!config.slack) throw new Error('Slack should be configured');
        return deliveries.observe(createSlackAdapter({ ...config.slack, logger }));
      },
    },
    attach(codecot) {
      eventsUrl = `http://127.0.0.1:${codecot.port}/slack/events`;
    },
    idOf: (person) => `slack:${USERS[person].id}`,
    async mention(person, text) {
      const { input, ts } = await says(person, `<@${FAKE_BOT_USER_ID}> ${text}`);
      // Slack delivers a mention twice: as a channel message, then as app_mention.
      await deliver(eventCallback(appMentionEvent(input)));
      return ts;
    },
    async reply(person, rootId, text) {
      await says(person, text, rootId);
    },
    async react(person, post, meaning) {
      const userId = USERS[person].id;
      const reaction = emojiFor(meaning, 'slack');
      const event = reactionAddedEvent({
        user: userId,
        reaction,
        channel: CHANNEL,
        ts: post.id,
        itemUser: FAKE_BOT_USER_ID,
      });
      const payload = eventCallback(event);
      lastReaction = { payload, messageId: post.id, userId: `slack:${userId}`, retries: 0 };
      await deliver(payload);
    },
    async redeliverLastReaction() {
      if (!lastReaction) throw new Error('no reaction delivered yet');
      const { messageId, userId } = lastReaction;
      const before = deliveries.reactionsOn(messageId, userId);
      // Slack's retry: the same envelope (same event_id) with X-Slack-Retry-Num.
      lastReaction.retries += 1;
      await deliver(lastReaction.payload, lastReaction.retries);
      if (deliveries.reactionsOn(messageId, userId) !== before + 1)
        throw new Error('the retried reaction did not reach the core');
    },
    async command(person, text) {
      const fields = slashCommand({
        command: '/codecot',
        text,
        userId: USERS[person].id,
        channelId: CHANNEL,
      });
      const response = await sendSlashCommand(eventsUrl, fields, signed);
      if (response.status !== 200) throw new Error(`Codecot answered ${response.status} to a slash command`);
      const body = response.body as { text?: string } | string;
      return typeof body === 'string' ? body : (body.text ?? '');
    },
    botPosts: () =>
      fake
        .callsTo('chat.postMessage')
        .filter((call) => call.response.ok === true && call.args.channel === CHANNEL)
        .map(({ args, response }) => ({
          id: String(response.ts),
          threadId: typeof args.thread_ts === 'string' ? args.thread_ts : undefined,
          text: visibleText(args as { text?: string; blocks?: unknown[] }),
        })),
    edits: (messageId) =>
      fake
        .callsTo('chat.update')
        .filter((call) => call.args.ts === messageId && call.response.ok === true)
        .map((call) => visibleText(call.args as { text?: string; blocks?: unknown[] })),
    botReactions: (post) =>
      fake
        .reactions(CHANNEL, post.id)
        .filter((r) => r.users.includes(FAKE_BOT_USER_ID))
        .map((r) => r.name),
    throttleNextPost(seconds) {
      fake.rateLimitNext('chat.postMessage', { times: 1, retryAfterSeconds: seconds });
    },
    notesTo: (person) =>
      fake
        .ephemerals(CHANNEL)
        .filter((e) => e.user === USERS[person].id)
        .map((e) => e.text ?? ''),
    close: () => fake.close(),
  };
}
