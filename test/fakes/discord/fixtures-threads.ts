import {
  type APIThreadChannel,
  ChannelType,
  type GatewayThreadCreateDispatchData,
  type ThreadAutoArchiveDuration,
  type ThreadChannelType,
} from 'discord.js';
import { nextSnowflake } from './snowflake.ts';

export interface ThreadInput {
  /** A thread started from a message has that message's id; other threads get a fresh snowflake. */
  id?: string;
  guildId: string;
  parentId: string;
  name: string;
  ownerId: string;
  type?: ThreadChannelType;
  autoArchiveDuration?: ThreadAutoArchiveDuration;
  rateLimitPerUser?: number;
}

/** A thread channel as REST returns it from the thread-creation routes and `GET /channels/:id`. */
export function threadChannel(input: ThreadInput): APIThreadChannel {
  const now = new Date().toISOString();
  return {
    id: input.id ?? nextSnowflake(),
    type: input.type ?? ChannelType.PublicThread,
    guild_id: input.guildId,
    parent_id: input.parentId,
    owner_id: input.ownerId,
    name: input.name,
    last_message_id: null,
    rate_limit_per_user: input.rateLimitPerUser ?? 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: input.autoArchiveDuration ?? 1440,
      archive_timestamp: now,
      locked: false,
      create_timestamp: now,
    },
  };
}

/** THREAD_CREATE data; `newly_created` is set when the thread was just made rather than joined. */
export function threadCreate(
  input: ThreadInput & { newlyCreated?: boolean },
): GatewayThreadCreateDispatchData {
  const data: GatewayThreadCreateDispatchData = threadChannel(input);
  if (input.newlyCreated ?? true) data.newly_created = true;
  return data;
}
