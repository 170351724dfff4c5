import type { ChannelRef, ChatMessage, MessageRef, PlatformName, RichMessage } from '../domain/chat.ts';
import type { ChatEvent, InboundResult } from '../domain/chat-events.ts';
import type { RouteHandler } from '../http/server.ts';

/** Receives every canonical inbound event; it persists and enqueues, then returns quickly. */
export type InboundSink = (event: ChatEvent) => Promise<InboundResult>;

/** A chat platform Codecot lives in (Slack, Discord, the local playground). */
export interface ChatPlatform {
  /** Which platform this is; used for canonical ids and the emoji table, never for branching. */
  readonly name: PlatformName;
  /** Connects (gateway, socket) or mounts webhooks, and starts delivering events to the sink. */
  start(sink: InboundSink): Promise<void>;
  /** Disconnects and stops delivering events. */
  stop(): Promise<void>;
  /** Canonical id of the bot's own user, so its own messages and reactions are never counted. */
  botUserId(): string;
  /** Posts a message in a channel, or in the thread of `replyTo` (starting a thread if the platform needs one). */
  post(channel: ChannelRef, message: RichMessage, replyTo?: MessageRef): Promise<MessageRef>;
  /** Replaces the content of a message the bot posted (status messages are edited in place). */
  update(ref: MessageRef, message: RichMessage): Promise<void>;
  /** Adds the bot's reaction (a platform emoji name from the emoji table). */
  addReaction(ref: MessageRef, emoji: string): Promise<void>;
  /** Removes the bot's reaction. */
  removeReaction(ref: MessageRef, emoji: string): Promise<void>;
  /** A link a person can open to reach the message. */
  permalink(ref: MessageRef): Promise<string>;
  /** The messages of the thread `ref` belongs to, oldest first, at most `limit`. */
  threadHistory(ref: MessageRef, limit: number): Promise<ChatMessage[]>;
  /** Shows a message to one user only, where the platform can. */
  postEphemeral?(channel: ChannelRef, userId: string, text: string, threadId?: string): Promise<void>;
  /** Webhook routes to mount on the one HTTP server, for platforms that push events over HTTP. */
  httpRoutes?(): HttpRoute[];
}

export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  handler: RouteHandler;
}
