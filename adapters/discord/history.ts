import { type Client, Routes } from 'discord.js';
import type { ChatMessage, MessageRef } from '../../src/domain/chat.ts';
import type { Directory } from './directory.ts';
import { DISCORD_CODES, discordCode, platformError } from './errors.ts';
import { isConversation, type ParseContext, toChatMessage } from './parse.ts';
import type { Location } from './refs.ts';
import { type MessageFacts, messageSchema } from './schemas.ts';

const PAGE = 100;

export interface HistoryDeps {
  client: Client;
  directory: Directory;
  trustedRoleId: string | undefined;
  token: string;
}

const toFacts = (raw: unknown, guildId: string): MessageFacts[] => {
  const parsed = messageSchema.safeParse({ ...(raw as object), guild_id: guildId });
  return parsed.success && isConversation(parsed.data) ? [parsed.data] : [];
};

/** The newest `limit` messages of a channel, oldest first, paging back 100 at a time. */
async function recent(deps: HistoryDeps, channelId: string, limit: number, guildId: string) {
  const found: MessageFacts[] = [];
  let before: string | undefined;
  while (found.length < limit) {
    const query = new URLSearchParams({ limit: String(Math.min(PAGE, limit - found.length)) });
    if (before) query.set('before', before);
    const page = (await deps.client.rest.get(Routes.channelMessages(channelId), { query })) as unknown[];
    found.push(...page.flatMap((raw) => toFacts(raw, guildId)));
    const oldest = page.at(-1) as { id?: string } | undefined;
    if (page.length < PAGE || !oldest?.id) break;
    before = oldest.id;
  }
  return found.reverse().slice(-limit);
}

/** A single message, or undefined when it does not exist (a thread that was not started on a message). */
async function single(deps: HistoryDeps, channelId: string, messageId: string, guildId: string) {
  try {
    const raw = await deps.client.rest.get(Routes.channelMessage(channelId, messageId));
    return toFacts(raw, guildId)[0];
  } catch (error) {
    if (discordCode(error) === DISCORD_CODES.unknownMessage) return undefined;
    throw error;
  }
}

/**
 * The thread `ref` belongs to, oldest first: the message it was started on (which lives in the parent
 * channel) and then the newest replies, at most `limit` in all. Authors are labelled as on arrival.
 */
export async function threadHistory(
  deps: HistoryDeps,
  ref: MessageRef,
  limit: number,
): Promise<ChatMessage[]> {
  const guildId = ref.channel.workspaceId;
  const parent: Location = { guildId, channelId: ref.channel.channelId };
  try {
    const threadId = ref.threadId ?? (await deps.directory.threadStartedOn(ref.messageId));
    if (!threadId) {
      const alone = await single(deps, parent.channelId, ref.messageId, guildId);
      return alone ? convert(deps, [[alone, parent]]) : [];
    }
    const starter = await single(deps, parent.channelId, threadId, guildId);
    const replies = await recent(deps, threadId, Math.max(0, limit - (starter ? 1 : 0)), guildId);
    const inThread: Location = { ...parent, threadId };
    const pairs: Array<[MessageFacts, Location]> = replies.map((m) => [m, inThread]);
    return convert(deps, starter && limit > 0 ? [[starter, parent], ...pairs] : pairs);
  } catch (error) {
    throw platformError('reading thread history', error, [deps.token]);
  }
}

async function convert(deps: HistoryDeps, messages: Array<[MessageFacts, Location]>): Promise<ChatMessage[]> {
  const guildId = messages[0]?.[1].guildId ?? '';
  const ctx: ParseContext = {
    botUserId: deps.client.user?.id ?? '',
    botRoleIds: deps.directory.botRoleIds(guildId),
    trustedRoleId: deps.trustedRoleId,
  };
  const roles = new Map<string, readonly string[] | undefined>();
  const out: ChatMessage[] = [];
  for (const [facts, location] of messages) {
    const author = facts.author.id;
    const needsRoles = deps.trustedRoleId && !facts.author.bot && !facts.webhook_id;
    if (needsRoles && !roles.has(author))
      roles.set(author, (await deps.directory.member(guildId, author))?.roles);
    out.push(toChatMessage(facts, location, roles.get(author), ctx));
  }
  return out;
}
