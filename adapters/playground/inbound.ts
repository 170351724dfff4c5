import type { z } from 'zod';
import type { ChatUser } from '../../src/domain/chat.ts';
import type { ChatEvent } from '../../src/domain/chat-events.ts';
import type { InboundSink } from '../../src/ports/chat-platform.ts';
import { Deliveries } from './delivery.ts';
import { Refusal } from './http-io.ts';
import { commandParts, mentionsBot, type schemas, userOf } from './parse.ts';
import { channelRef, refOf, toChatMessage } from './refs.ts';
import type { Room, RoomMessage } from './room.ts';

type Body<K extends keyof typeof schemas> = z.infer<(typeof schemas)[K]>;

/**
 * What people do on the page, as canonical events. Each request carries a client id: the event's
 * delivery id derives from it, so a page retrying after a failed request re-delivers the same event
 * (the core drops the duplicate) and never posts the message twice.
 */
export class PlaygroundInbound {
  private readonly room: Room;
  private readonly bot: ChatUser;
  private readonly deliveries = new Deliveries();

  constructor(room: Room, bot: ChatUser) {
    this.room = room;
    this.bot = bot;
  }

  set sink(sink: InboundSink | undefined) {
    this.deliveries.sink = sink;
  }

  private get botSlug(): string {
    return this.bot.id.slice('local:'.length);
  }

  async message(body: Body<'message'>): Promise<RoomMessage> {
    const again = await this.deliveries.again(`message:${body.clientId}`);
    if (again?.message) return again.message;
    const author = userOf(body.user, this.botSlug);
    if (!this.room.hasChannel(body.channel)) throw new Refusal(404, `there is no channel #${body.channel}`);
    const threadId = body.threadId === undefined ? undefined : this.rootOf(body.threadId, body.channel);
    const mentions = mentionsBot(body.text, this.botSlug);
    const message = this.room.add({
      channel: body.channel,
      threadId,
      author,
      content: { text: body.text },
      mentionsBot: mentions,
      visibleTo: undefined,
    });
    const type = mentions ? 'mention' : 'message';
    const event: ChatEvent = { eventId: `local:${body.clientId}`, type, message: toChatMessage(message) };
    await this.deliveries.deliver(`message:${body.clientId}`, { event, message });
    return message;
  }

  async reaction(body: Body<'reaction'>): Promise<void> {
    if (await this.deliveries.again(`reaction:${body.clientId}`)) return;
    const user = userOf(body.user, this.botSlug);
    const target = this.room.get(body.messageId);
    if (!this.room.react(target.id, body.emoji, user.id, body.on)) return;
    const type = body.on ? 'reaction_added' : 'reaction_removed';
    const event: ChatEvent = {
      eventId: `local:${body.clientId}`,
      type,
      target: refOf(target),
      user,
      emoji: body.emoji,
      at: new Date(),
    };
    await this.deliveries.deliver(`reaction:${body.clientId}`, { event });
  }

  async edit(body: Body<'edit'>): Promise<void> {
    if (await this.deliveries.again(`edit:${body.clientId}`)) return;
    const target = this.ownMessage(body.messageId, userOf(body.user, this.botSlug));
    this.room.change(target.id, { text: body.text }, true);
    const event: ChatEvent = {
      eventId: `local:${body.clientId}`,
      type: 'message_edited',
      ref: refOf(target),
      text: body.text,
      at: new Date(),
    };
    await this.deliveries.deliver(`edit:${body.clientId}`, { event });
  }

  async deletion(body: Body<'deletion'>): Promise<void> {
    if (await this.deliveries.again(`deletion:${body.clientId}`)) return;
    const target = this.ownMessage(body.messageId, userOf(body.user, this.botSlug));
    this.room.remove(target.id);
    const event: ChatEvent = {
      eventId: `local:${body.clientId}`,
      type: 'message_deleted',
      ref: refOf(target),
      at: new Date(),
    };
    await this.deliveries.deliver(`deletion:${body.clientId}`, { event });
  }

  /** `/codecot …`: the answer is shown to its sender only, and returned to the page. */
  async command(body: Body<'command'>): Promise<string> {
    const key = `command:${body.clientId}`;
    const again = this.deliveries.seen(key);
    if (again?.reply !== undefined) return again.reply;
    const user = userOf(body.user, this.botSlug);
    if (!this.room.hasChannel(body.channel)) throw new Refusal(404, `there is no channel #${body.channel}`);
    const { subcommand, args } = commandParts(body.text);
    const event: ChatEvent = {
      eventId: `local:${body.clientId}`,
      type: 'command',
      channel: channelRef(body.channel),
      user,
      subcommand,
      args,
    };
    if (body.threadId !== undefined) event.threadId = this.rootOf(body.threadId, body.channel);
    const result = await this.deliveries.send(event);
    const reply = result.reply ?? `/codecot ${subcommand}: done.`;
    const threadId = event.threadId;
    const note = { channel: body.channel, threadId, mentionsBot: false, visibleTo: user.id };
    this.room.add({
      ...note,
      author: user,
      content: { text: `/codecot ${body.text.replace(/^\/codecot\b/i, '').trim()}`.trim() },
    });
    this.room.add({ ...note, author: this.bot, content: { text: reply } });
    this.deliveries.remember(key, { event, reply });
    return reply;
  }

  /** A new channel: the bot joins it at once, as it would be invited on Slack. */
  async channel(body: Body<'channel'>): Promise<void> {
    userOf(body.user, this.botSlug);
    if (!this.room.addChannel(body.name)) return;
    await this.botJoined(body.name, `local:${body.clientId}`);
  }

  async botJoined(channel: string, eventId: string): Promise<void> {
    await this.deliveries.send({ eventId, type: 'bot_joined', channel: channelRef(channel) });
  }

  private rootOf(id: string, channel: string): string {
    const target = this.room.get(id);
    if (target.channel !== channel || target.visibleTo !== undefined)
      throw new Refusal(400, 'threadId: that message is not in this channel');
    return target.threadId ?? target.id;
  }

  private ownMessage(id: string, user: ChatUser): RoomMessage {
    const target = this.room.get(id);
    if (target.author.id !== user.id || target.visibleTo !== undefined)
      throw new Refusal(403, 'only the author can change a message');
    return target;
  }
}
