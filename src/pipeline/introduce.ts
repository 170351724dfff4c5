import type { ChannelRef, RichMessage } from '../domain/chat.ts';
import { emojiFor } from '../domain/emoji.ts';
import type { ChatPlatform } from '../ports/chat-platform.ts';

/** The short introduction posted when the bot joins a channel. */
export function introduction(platform: ChatPlatform): RichMessage {
  const robot = emojiFor('summon', platform.name);
  const approve = emojiFor('approve', platform.name);
  const reject = emojiFor('reject', platform.name);
  const show = (e: string) => (platform.name === 'slack' ? `:${e}:` : e);
  return {
    title: 'Hi, I am Codecot',
    text: 'Hi, I am Codecot: I turn a discussion into an approved spec and a validated pull request.',
    sections: [
      {
        heading: 'How it works',
        items: [
          `Mention me with a request, run \`/codecot spec <request>\`, or react ${show(robot)} to a message: I propose a spec in the thread.`,
          `Approvers react ${show(approve)} to run it or ${show(reject)} to drop it; a reply in the thread revises the spec.`,
          'I run the change in a sandbox, validate it, open a pull request and report back here.',
        ],
      },
      {
        heading: 'Listen passively',
        body: '`/codecot watch on` lets me propose specs when a discussion here goes quiet.',
      },
    ],
    context: '`/codecot help` lists every command.',
  };
}

export async function introduce(platform: ChatPlatform, channel: ChannelRef): Promise<void> {
  await platform.post(channel, introduction(platform));
}
