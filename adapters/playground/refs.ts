import type { ChannelRef, ChatMessage, MessageRef } from '../../src/domain/chat.ts';
import { visibleText } from './format.ts';
import type { RoomMessage } from './room.ts';

/** The playground is one workspace; its canonical ids read `local:local:<channel>:<message>`. */
export const WORKSPACE = 'local';

export const channelRef = (name: string): ChannelRef => ({
  platform: 'local',
  workspaceId: WORKSPACE,
  channelId: name,
});

export function refOf(message: RoomMessage): MessageRef {
  const ref: MessageRef = { channel: channelRef(message.channel), messageId: message.id };
  if (message.threadId) ref.threadId = message.threadId;
  return ref;
}

export function toChatMessage(message: RoomMessage): ChatMessage {
  return {
    ref: refOf(message),
    author: message.author,
    text: visibleText(message.content),
    mentionsBot: message.mentionsBot,
    at: message.at,
  };
}

/** Where the page opens a message: the channel, the thread, the message itself. */
export const pageFragment = (channel: string, threadId: string, messageId: string): string =>
  `#${encodeURIComponent(channel)}/${encodeURIComponent(threadId)}/${encodeURIComponent(messageId)}`;
