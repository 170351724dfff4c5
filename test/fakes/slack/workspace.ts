import { compareTs, nextMessageTs } from './ids.ts';
import type {
  FakeEphemeral,
  FakeMessage,
  FakeSlackChannel,
  FakeSlackUser,
  WorkspaceIdentity,
} from './types.ts';

/**
 * In-memory state of the fake workspace: users, channels and the messages in them. Web API methods
 * read and write it; tests seed and inspect it through the FakeSlack facade.
 */
export class FakeWorkspace {
  readonly identity: WorkspaceIdentity;
  readonly nextTs = nextMessageTs;
  readonly #users = new Map<string, FakeSlackUser>();
  readonly #channels = new Map<string, FakeSlackChannel>();
  // Per channel, every message (top level and replies) in ascending ts order.
  readonly #messages = new Map<string, FakeMessage[]>();
  readonly #ephemerals: FakeEphemeral[] = [];

  constructor(identity: WorkspaceIdentity) {
    this.identity = identity;
    // The bot is a workspace member like in real Slack, so users.info on it works.
    this.addUser({ id: identity.botUserId, name: identity.botName, is_bot: true, is_app_user: false });
  }

  addUser(user: FakeSlackUser): void {
    this.#users.set(user.id, user);
  }

  user(id: string): FakeSlackUser | undefined {
    return this.#users.get(id);
  }

  addChannel(channel: FakeSlackChannel): void {
    this.#channels.set(channel.id, channel);
    if (!this.#messages.has(channel.id)) this.#messages.set(channel.id, []);
  }

  channel(id: string): FakeSlackChannel | undefined {
    return this.#channels.get(id);
  }

  /** All messages of a channel, replies included, oldest first. */
  messages(channelId: string): FakeMessage[] {
    return this.#messages.get(channelId) ?? [];
  }

  findMessage(channelId: string, ts: string): FakeMessage | undefined {
    return this.messages(channelId).find((message) => message.ts === ts);
  }

  insertMessage(channelId: string, message: FakeMessage): FakeMessage {
    const list = this.#messages.get(channelId);
    if (!list) throw new Error(`fake slack: unknown channel ${channelId}; call addChannel first`);
    if (list.some((existing) => existing.ts === message.ts)) {
      throw new Error(`fake slack: a message with ts ${message.ts} already exists in ${channelId}`);
    }
    list.push(message);
    list.sort((a, b) => compareTs(a.ts, b.ts));
    if (message.thread_ts && message.thread_ts !== message.ts)
      this.#refreshThread(channelId, message.thread_ts);
    return message;
  }

  removeMessage(channelId: string, ts: string): FakeMessage | undefined {
    const list = this.messages(channelId);
    const index = list.findIndex((message) => message.ts === ts);
    if (index < 0) return undefined;
    const [removed] = list.splice(index, 1);
    if (removed?.thread_ts && removed.thread_ts !== removed.ts)
      this.#refreshThread(channelId, removed.thread_ts);
    return removed;
  }

  /** Replies of a thread (parent excluded), oldest first. */
  replies(channelId: string, parentTs: string): FakeMessage[] {
    return this.messages(channelId).filter((m) => m.thread_ts === parentTs && m.ts !== parentTs);
  }

  /** What channel history shows: top-level messages and replies broadcast to the channel. */
  topLevel(channelId: string): FakeMessage[] {
    return this.messages(channelId).filter(
      (m) => !m.thread_ts || m.thread_ts === m.ts || m.subtype === 'thread_broadcast',
    );
  }

  addEphemeral(ephemeral: FakeEphemeral): void {
    this.#ephemerals.push(ephemeral);
  }

  ephemerals(channelId?: string): FakeEphemeral[] {
    return this.#ephemerals.filter((e) => channelId === undefined || e.channel === channelId);
  }

  // Keep the parent's thread summary (reply_count, reply_users, latest_reply) the way Slack shows it.
  #refreshThread(channelId: string, parentTs: string): void {
    const parent = this.findMessage(channelId, parentTs);
    if (!parent) return;
    const replies = this.replies(channelId, parentTs);
    if (replies.length === 0) {
      for (const field of ['reply_count', 'reply_users', 'reply_users_count', 'latest_reply'] as const) {
        delete parent[field];
      }
      return;
    }
    const replyUsers = [...new Set(replies.map((r) => r.user ?? r.bot_id ?? 'unknown'))];
    parent.thread_ts = parent.ts;
    parent.reply_count = replies.length;
    parent.reply_users = replyUsers;
    parent.reply_users_count = replyUsers.length;
    parent.latest_reply = replies.at(-1)?.ts ?? parent.ts;
  }
}
