import type {
  ChannelRef,
  ChatMessage,
  MessageRef,
  PlatformName,
  RichMessage,
} from '../../src/domain/chat.ts';
import type { ChatPlatform, InboundSink } from '../../src/ports/chat-platform.ts';

export interface PostedRecord {
  ref: MessageRef;
  message: RichMessage;
  replyTo: MessageRef | undefined;
}

/** An in-memory ChatPlatform for pipeline tests: records what the core posts, edits and reacts. */
export class MemoryChat implements ChatPlatform {
  readonly name: PlatformName;
  readonly posts: PostedRecord[] = [];
  readonly updates: { ref: MessageRef; message: RichMessage }[] = [];
  readonly reactions = new Map<string, Set<string>>();
  readonly ephemerals: { userId: string; text: string }[] = [];
  sink: InboundSink | undefined;
  private next = 1;
  private readonly botId: string;

  constructor(name: PlatformName = 'slack', botId = 'UBOT') {
    this.name = name;
    this.botId = botId;
  }

  async start(sink: InboundSink): Promise<void> {
    this.sink = sink;
  }
  async stop(): Promise<void> {}
  botUserId(): string {
    return `${this.name}:${this.botId}`;
  }
  /** The next post whose text matches fails once, as a platform outage or a dying process would. */
  failNextPost(match: RegExp): void {
    this.#failing.push(match);
  }
  #failing: RegExp[] = [];
  /**
   * The next post whose text matches waits until released, as a slow platform would: `arrived` resolves
   * when the post is waiting.
   */
  holdNextPost(match: RegExp): { arrived: Promise<void>; release(): void } {
    let arrive: () => void = () => {};
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#holding.push({ match, arrive, released });
    return { arrived, release };
  }
  #holding: { match: RegExp; arrive: () => void; released: Promise<void> }[] = [];

  async post(channel: ChannelRef, message: RichMessage, replyTo?: MessageRef): Promise<MessageRef> {
    const failing = this.#failing.findIndex((match) => match.test(message.text));
    if (failing >= 0) {
      this.#failing.splice(failing, 1);
      throw new Error('the platform did not take the post');
    }
    const held = this.#holding.findIndex((hold) => hold.match.test(message.text));
    if (held >= 0) {
      const [hold] = this.#holding.splice(held, 1);
      hold?.arrive();
      await hold?.released;
    }
    const ref: MessageRef = { channel, messageId: `9${String(this.next++).padStart(5, '0')}.0001` };
    const thread = replyTo ? (replyTo.threadId ?? replyTo.messageId) : undefined;
    if (thread) ref.threadId = thread;
    this.posts.push({ ref, message, replyTo });
    return ref;
  }
  async update(ref: MessageRef, message: RichMessage): Promise<void> {
    this.updates.push({ ref, message });
  }
  async addReaction(ref: MessageRef, emoji: string): Promise<void> {
    const set = this.reactions.get(ref.messageId) ?? new Set();
    set.add(emoji);
    this.reactions.set(ref.messageId, set);
  }
  async removeReaction(ref: MessageRef, emoji: string): Promise<void> {
    this.reactions.get(ref.messageId)?.delete(emoji);
  }
  async permalink(ref: MessageRef): Promise<string> {
    return `https://chat.example/${ref.channel.channelId}/${ref.messageId}`;
  }
  async threadHistory(_ref: MessageRef, _limit: number): Promise<ChatMessage[]> {
    return [];
  }
  async postEphemeral(_channel: ChannelRef, userId: string, text: string): Promise<void> {
    this.ephemerals.push({ userId, text });
  }
  /** Every posted text, flattened, for assertions. */
  texts(): string[] {
    return this.posts.map((p) =>
      [
        p.message.title ?? '',
        p.message.text,
        ...(p.message.sections ?? []).flatMap((s) => [
          s.heading ?? '',
          s.body ?? '',
          ...(s.items ?? []),
          ...(s.fields ?? []).map((f) => `${f.label}: ${f.value}`),
        ]),
      ].join('\n'),
    );
  }
}
