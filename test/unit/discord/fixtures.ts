import type { ParseContext } from '../../../adapters/discord/parse.ts';
import type { Location } from '../../../adapters/discord/refs.ts';
import { type MessageFacts, messageSchema } from '../../../adapters/discord/schemas.ts';
import { type MessageInput, messageCreate } from '../../fakes/discord/index.ts';

// Fixed snowflakes so expectations read like the payloads they come from.
export const GUILD = '1100000000000000001';
export const GENERAL = '1100000000000000002';
export const THREAD = '1100000000000000003';
export const TRUSTED_ROLE = '1100000000000000004';
export const BOT = '1100000000000000005';
export const BOT_ROLE = '1100000000000000006';
export const ADA = { id: '1100000000000000007', username: 'ada', globalName: 'Ada Lovelace' };
export const CI_BOT = { id: '1100000000000000008', username: 'ci', bot: true };
export const WEBHOOK = '1100000000000000009';

export const inChannel: Location = { guildId: GUILD, channelId: GENERAL };
export const inThread: Location = { guildId: GUILD, channelId: GENERAL, threadId: THREAD };

export const ctx = (trustedRoleId?: string): ParseContext => ({
  botUserId: BOT,
  botRoleIds: [BOT_ROLE],
  trustedRoleId,
});

/** A MESSAGE_CREATE as the gateway sends it, validated the way the adapter validates it. */
export function gatewayMessage(input: Partial<MessageInput> & { content: string }): MessageFacts {
  const payload = messageCreate({ guildId: GUILD, channelId: GENERAL, author: ADA, ...input });
  return messageSchema.parse(payload);
}
