import type { ChannelRef, ChatMessage, ChatUser, MessageRef } from './chat.ts';

/** Every inbound event carries the platform's delivery id, which dedupes redeliveries. */
interface Base {
  /** Canonical delivery id, `slack:Ev123`, `discord:MESSAGE_CREATE:456`. */
  eventId: string;
}

export type ChatEvent =
  | (Base & { type: 'message'; message: ChatMessage })
  | (Base & { type: 'mention'; message: ChatMessage })
  | (Base & { type: 'message_edited'; ref: MessageRef; text: string; at: Date })
  | (Base & { type: 'message_deleted'; ref: MessageRef; at: Date })
  | (Base & { type: 'reaction_added'; target: MessageRef; user: ChatUser; emoji: string; at: Date })
  | (Base & { type: 'reaction_removed'; target: MessageRef; user: ChatUser; emoji: string; at: Date })
  | (Base & {
      type: 'command';
      channel: ChannelRef;
      user: ChatUser;
      subcommand: string;
      args: string;
      threadId?: string;
    })
  | (Base & { type: 'bot_joined'; channel: ChannelRef });

export type ChatEventType = ChatEvent['type'];

/** What the core answers an inbound event with; a command's reply is shown to its sender only. */
export interface InboundResult {
  reply?: string;
  /** A redelivery of an event already taken: nothing was done, and the first delivery answers. */
  duplicate?: true;
}
