import type { ChannelRef, MessageRef } from '../../src/domain/chat.ts';
import type { ChatEvent, InboundResult } from '../../src/domain/chat-events.ts';
import type { ChatPlatform } from '../../src/ports/chat-platform.ts';

/** Kinds of people and programs the fake platform can impersonate. */
export type Persona = 'member' | 'bot' | 'guest' | 'external';

export interface PostedMessage {
  ref: MessageRef;
  /** Everything a reader sees: plain text plus the rendered rich parts, flattened. */
  visibleText: string;
  /** The platform thread the message is in, when it is in one. */
  threadId: string | undefined;
}

/**
 * What each ChatPlatform adapter's test supplies so the shared contract suite can drive it: the real
 * adapter, started against the project's fake of that platform on 127.0.0.1, and ways to make the
 * fake send events and to read what the adapter sent.
 */
export interface ChatPlatformHarness {
  platform: ChatPlatform;
  /** A channel the bot is in. */
  channel: ChannelRef;
  /** Every event the adapter delivered to the sink, in order. */
  events: ChatEvent[];
  /** What the sink answers; the suite sets it to check that command replies reach the user. */
  setSinkResult(result: InboundResult): void;
  /** Canonical id of a user of the given persona (`slack:U…`, `discord:…`). */
  userId(persona: Persona): string;
  /** The fake delivers a user's message (in a thread when `threadOf` is given); returns its ref. */
  userSays(
    text: string,
    options?: { persona?: Persona; threadOf?: MessageRef; mentionBot?: boolean },
  ): Promise<MessageRef>;
  /** The fake delivers the same last event again, as a platform retry or gateway replay would. */
  redeliverLast(): Promise<void>;
  /** The fake delivers a reaction by a user of the persona on a message. */
  userReacts(
    target: MessageRef,
    emoji: string,
    options?: { persona?: Persona; removed?: boolean },
  ): Promise<void>;
  /** The fake delivers an edit and a deletion of a user's message. */
  userEdits(target: MessageRef, text: string): Promise<void>;
  userDeletes(target: MessageRef): Promise<void>;
  /** The fake invokes `/codecot <subcommand> <args>` as a member; resolves with the text shown to the user. */
  slashCommand(subcommand: string, args: string): Promise<string>;
  /** The fake delivers the "bot was added to a channel" event. */
  botJoins(): Promise<void>;
  /** Reads from the fake what the adapter posted in the channel (threads included), oldest first. */
  posted(): Promise<PostedMessage[]>;
  /** The reactions the bot itself has on a message, as platform emoji names. */
  botReactions(target: MessageRef): Promise<string[]>;
  /** Messages shown to one user only (ephemeral), when the platform has them. */
  ephemeralsTo?(userId: string): Promise<string[]>;
  /** Whether the fake can impersonate this persona (every platform has bots). */
  supportsPersona(persona: Persona): boolean;
  /** The longest text one platform message may carry. */
  maxMessageLength: number;
  close(): Promise<void>;
}
