import type { APIMessage } from 'discord.js';
import type { Persona } from '../../contract/chat-platform-harness.ts';
import { FakeDiscord, nextSnowflake, type UserInput } from '../../fakes/discord/index.ts';

/** One server as the tests see it: a channel, a trusted role, and one user per persona. */
export interface World {
  fake: FakeDiscord;
  guildId: string;
  channelId: string;
  trustedRoleId: string;
  users: Record<Persona, UserInput>;
  rolesOf(persona: Persona): string[];
}

export async function startWorld(): Promise<World> {
  const fake = await FakeDiscord.start({ heartbeatIntervalMs: 1_000 });
  const guildId = nextSnowflake();
  const channelId = nextSnowflake();
  const trustedRoleId = nextSnowflake();
  const users: Record<Persona, UserInput> = {
    member: { id: nextSnowflake(), username: 'ada', globalName: 'Ada' },
    // Discord has no guests: the closest is a member without the role configured as trusted.
    guest: { id: nextSnowflake(), username: 'visitor' },
    bot: { id: nextSnowflake(), username: 'ci-bot', bot: true },
    external: { id: nextSnowflake(), username: 'nobody' },
  };
  fake.addGuild({
    id: guildId,
    name: 'Codecot HQ',
    systemChannelId: channelId,
    channels: [{ id: channelId, name: 'general' }],
    roles: [{ id: trustedRoleId, name: 'codecot-trusted' }],
    members: [{ user: users.member, roles: [trustedRoleId] }, { user: users.guest }, { user: users.bot }],
  });
  const rolesOf = (persona: Persona) => (persona === 'member' ? [trustedRoleId] : []);
  return { fake, guildId, channelId, trustedRoleId, users, rolesOf };
}

/** Everything a reader sees of a message: content plus the embeds' title, text, fields and footer. */
export function visibleText(message: APIMessage): string {
  const parts = [message.content];
  for (const embed of message.embeds) {
    parts.push(embed.title ?? '', embed.description ?? '');
    for (const field of embed.fields ?? []) parts.push(field.name, field.value);
    parts.push(embed.footer?.text ?? '');
  }
  return parts.filter((part) => part !== '').join('\n');
}

/** The bot's messages in a channel and in every thread under it, oldest first, with their thread. */
export function botMessagesUnder(world: World, parentId = world.channelId) {
  const threads = [...world.fake.store.channels.values()]
    .filter((channel) => 'thread_metadata' in channel && channel.parent_id === parentId)
    .map((thread) => thread.id);
  return [parentId, ...threads]
    .flatMap((channelId) =>
      world.fake.store
        .messagesIn(channelId)
        .filter((message) => message.author.id === world.fake.botUser.id)
        .map((message) => ({ message, threadId: channelId === parentId ? undefined : channelId })),
    )
    .sort((a, b) => (BigInt(a.message.id) < BigInt(b.message.id) ? -1 : 1));
}
