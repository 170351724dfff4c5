import type { ChatUser, RichMessage } from '../../src/domain/chat.ts';
import { CodecotError } from '../../src/errors.ts';

/** One message of the playground, kept in memory only: the core persists what it needs. */
export interface RoomMessage {
  id: string;
  channel: string;
  /** The root message's id when this is a reply. */
  threadId: string | undefined;
  author: ChatUser;
  content: RichMessage;
  mentionsBot: boolean;
  at: Date;
  edited: boolean;
  /** Emoji → canonical ids of the users who reacted with it. */
  reactions: Map<string, Set<string>>;
  /** Set on notes shown to one user only (command replies, ephemeral notes). */
  visibleTo: string | undefined;
}

export type RoomChange =
  | { kind: 'message'; message: RoomMessage }
  | { kind: 'removed'; id: string; channel: string; visibleTo: string | undefined }
  | { kind: 'channel'; name: string };

const notFound = (what: string) =>
  new CodecotError('not_found', `There is no ${what} in the playground`, { platform: 'local' });

/**
 * The playground's channels, threads, reactions and one-person notes. Ids start with the boot time,
 * so a message after a restart never reuses the id of one the database already holds.
 */
export class Room {
  private readonly channelNames: string[];
  private readonly messages = new Map<string, RoomMessage>();
  private readonly listeners = new Set<(change: RoomChange) => void>();
  private readonly boot = Date.now().toString(36);
  private seq = 0;

  constructor(channels: readonly string[]) {
    this.channelNames = [...channels];
  }

  channels(): readonly string[] {
    return this.channelNames;
  }

  hasChannel(name: string): boolean {
    return this.channelNames.includes(name);
  }

  /** Adds a channel; returns false when it already existed. */
  addChannel(name: string): boolean {
    if (this.hasChannel(name)) return false;
    this.channelNames.push(name);
    this.emit({ kind: 'channel', name });
    return true;
  }

  add(input: Omit<RoomMessage, 'id' | 'edited' | 'reactions' | 'at'>): RoomMessage {
    if (!this.hasChannel(input.channel)) throw notFound(`channel #${input.channel}`);
    this.seq += 1;
    const message: RoomMessage = {
      ...input,
      id: `${this.boot}-${String(this.seq).padStart(6, '0')}`,
      at: new Date(),
      edited: false,
      reactions: new Map(),
    };
    this.messages.set(message.id, message);
    this.emit({ kind: 'message', message });
    return message;
  }

  get(id: string): RoomMessage {
    const message = this.messages.get(id);
    if (!message) throw notFound(`message ${id}`);
    return message;
  }

  find(id: string): RoomMessage | undefined {
    return this.messages.get(id);
  }

  change(id: string, content: RichMessage, edited: boolean): RoomMessage {
    const message = this.get(id);
    message.content = content;
    message.edited = message.edited || edited;
    this.emit({ kind: 'message', message });
    return message;
  }

  remove(id: string): RoomMessage {
    const message = this.get(id);
    this.messages.delete(id);
    this.emit({ kind: 'removed', id, channel: message.channel, visibleTo: message.visibleTo });
    return message;
  }

  /** Adds or removes one user's reaction; returns whether anything changed. */
  react(id: string, emoji: string, userId: string, on: boolean): boolean {
    const message = this.get(id);
    const users = message.reactions.get(emoji) ?? new Set<string>();
    if (users.has(userId) === on) return false;
    if (on) users.add(userId);
    else users.delete(userId);
    if (users.size === 0) message.reactions.delete(emoji);
    else message.reactions.set(emoji, users);
    this.emit({ kind: 'message', message });
    return true;
  }

  /** Every message a user may see, oldest first. */
  visibleTo(userId: string | undefined): RoomMessage[] {
    return [...this.messages.values()].filter((m) => m.visibleTo === undefined || m.visibleTo === userId);
  }

  /** The root and its replies (public ones), oldest first. */
  thread(rootId: string): RoomMessage[] {
    return [...this.messages.values()].filter(
      (m) => m.visibleTo === undefined && (m.id === rootId || m.threadId === rootId),
    );
  }

  subscribe(listener: (change: RoomChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: RoomChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
