import { type APIEmbed, type APIMessage, InteractionResponseType, MessageFlags } from 'discord.js';
import { compareSnowflakes, type FakeDiscord } from '../fakes/discord/index.ts';
import type { BotPost } from './driver.ts';

// What the bot did on the fake Discord, read from the REST calls it made and the fake's store.

interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  nonce?: string;
}

/** What a reader sees of a message body: content plus the embeds' title, text, fields and footer. */
function visible(body: { content?: string; embeds?: APIEmbed[] }): string {
  const parts = [body.content ?? ''];
  for (const embed of body.embeds ?? []) {
    parts.push(embed.title ?? '', embed.description ?? '', embed.footer?.text ?? '');
    for (const field of embed.fields ?? []) parts.push(field.name, field.value);
  }
  return parts.filter((part) => part !== '').join('\n');
}

/** Every edit (PATCH) the bot made to a message, in order, as visible text. */
export function editsOf(fake: FakeDiscord, messageId: string): string[] {
  return fake.restCalls
    .filter((c) => c.method === 'PATCH' && c.path.endsWith(`/messages/${messageId}`) && c.status === 200)
    .map((c) => visible(c.body as MessageBody));
}

/**
 * The bot's messages in the channel and in every thread under it, oldest first, with the body they were
 * created with (the POST carrying the message's nonce), not what later edits made of them.
 */
export function botPosts(fake: FakeDiscord, channelId: string): BotPost[] {
  const created = new Map<string, MessageBody>();
  for (const call of fake.restCalls) {
    const body = call.body as MessageBody | undefined;
    if (call.method === 'POST' && call.status === 200 && typeof body?.nonce === 'string')
      created.set(body.nonce, body);
  }
  const threads = [...fake.store.channels.values()]
    .filter((c) => 'thread_metadata' in c && c.parent_id === channelId)
    .map((c) => c.id);
  return [channelId, ...threads]
    .flatMap((where) => fake.store.messagesIn(where).filter((m) => m.author.id === fake.botUser.id))
    .sort((a, b) => compareSnowflakes(a.id, b.id))
    .map((m) => ({
      id: m.id,
      threadId: m.channel_id === channelId ? undefined : m.channel_id,
      text: visible(created.get(String(m.nonce)) ?? m),
    }));
}

/** What the invoker of an interaction ends up seeing: the reply, or the deferred reply once edited. */
export async function shownTo(fake: FakeDiscord, interactionId: string, token: string): Promise<string> {
  const response = await fake.waitFor(() =>
    fake.store.interactionResponses.find((r) => r.interactionId === interactionId),
  );
  if (response.type === InteractionResponseType.ChannelMessageWithSource)
    return (response.data as { content?: string }).content ?? '';
  const original = await fake.waitFor(() => {
    const id = fake.store.interactions.get(token)?.originalMessageId;
    const message: APIMessage | undefined = id ? fake.store.message(id) : undefined;
    return message && ((message.flags ?? 0) & MessageFlags.Loading) === 0 ? message : undefined;
  });
  return original.content;
}
