/**
 * A fake Discord for integration tests: REST (`/api/v{n}/...`) and the gateway WebSocket on 127.0.0.1,
 * speaking the real wire protocols so the real discord.js `Client` can log in to it.
 *
 * ```ts
 * const fake = await FakeDiscord.start({ heartbeatIntervalMs: 1_000 });
 * fake.addGuild({ id: GUILD, name: 'HQ', channels: [{ id: CHANNEL, name: 'general' }], members: [{ user: ADA }] });
 * const client = new Client({ intents, partials, rest: { api: `${fake.url}/api` } });
 * await client.login(fake.token); // GET /gateway/bot points the WebSocket at the fake
 * fake.dispatch('MESSAGE_CREATE', messageCreate({ guildId: GUILD, channelId: CHANNEL, author: ADA, content: 'hi' }));
 * await fake.waitForRest((call) => call.method === 'POST' && call.path === `/channels/${CHANNEL}/messages`);
 * await client.destroy();
 * await fake.close();
 * ```
 */
export { FakeDiscord, type FakeDiscordOptions } from './fake-discord.ts';
export {
  type ChannelInput,
  EVERYONE_PERMISSIONS,
  guildChannel,
  guildMember,
  type MemberInput,
  memberWithoutUser,
  type RoleInput,
  role,
  type UserInput,
  user,
} from './fixtures-entities.ts';
export { type GuildSeed, guildCreate } from './fixtures-guild.ts';
export {
  type ChatInputInteractionInput,
  interactionCreate,
  type OptionValue,
} from './fixtures-interactions.ts';
export {
  apiMessage,
  type MessageInput,
  messageCreate,
  messageDelete,
  messageUpdate,
} from './fixtures-messages.ts';
export { CHECK_MARK, type ReactionInput, reactionAdd, reactionRemove } from './fixtures-reactions.ts';
export { type ThreadInput, threadChannel, threadCreate } from './fixtures-threads.ts';
export type { FakeGateway } from './gateway.ts';
export type { GatewaySession } from './gateway-session.ts';
export { PRIVILEGED_INTENTS } from './intents.ts';
export type { RateLimitOptions, RestCallPredicate } from './rate-limits.ts';
export type { RestCall, UploadedFile } from './rest-types.ts';
export { compareSnowflakes, nextSnowflake, snowflakeTime } from './snowflake.ts';
export type { DiscordStore, InteractionRecord, InteractionResponseRecord, StoredChannel } from './store.ts';
