import type { ChannelRef, MessageRef } from '../../../src/domain/chat.ts';
import type { PostedMessage } from '../../contract/chat-platform-harness.ts';
import { FAKE_BOT_ID, FAKE_BOT_USER_ID, type FakeSlack } from '../../fakes/slack/index.ts';
import { CHANNEL, visibleText } from './personas.ts';

// What the contract suite reads back from the fake Slack: the bot's posts, reactions and ephemerals.

export function postedByBot(fake: FakeSlack, channel: ChannelRef): PostedMessage[] {
  return fake
    .messages(CHANNEL)
    .filter((m) => m.bot_id === FAKE_BOT_ID)
    .map((m) => {
      const ref: MessageRef = { channel, messageId: m.ts };
      if (m.thread_ts) ref.threadId = m.thread_ts;
      return { ref, visibleText: visibleText(m), threadId: m.thread_ts };
    });
}

export function botReactionsOn(fake: FakeSlack, target: MessageRef): string[] {
  return fake
    .reactions(CHANNEL, target.messageId)
    .filter((r) => r.users.includes(FAKE_BOT_USER_ID))
    .map((r) => r.name);
}

export function ephemeralsFor(fake: FakeSlack, userId: string): string[] {
  const raw = userId.replace(/^slack:/, '');
  return fake
    .ephemerals(CHANNEL)
    .filter((e) => e.user === raw)
    .map((e) => e.text ?? '');
}
