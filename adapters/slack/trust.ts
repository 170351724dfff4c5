import type { ChatUser, TrustLabel, UntrustedReason } from '../../src/domain/chat.ts';
import { canonicalUserId } from './refs.ts';

/** Who wrote a payload, as far as the payload itself tells. */
export interface AuthorHint {
  userId?: string | undefined;
  botId?: string | undefined;
  /** The message subtype (`bot_message` marks bots and integrations). */
  subtype?: string | undefined;
  /** The author's team as the payload reports it (`user_team` / `team`), differing for Slack Connect. */
  teamId?: string | undefined;
  /** The display name bots and integrations post under. */
  username?: string | undefined;
}

/** The fields of a `users.info` user that decide trust and naming. */
export interface SlackUserRecord {
  id: string;
  name?: string | undefined;
  real_name?: string | undefined;
  team_id?: string | undefined;
  is_bot?: boolean | undefined;
  is_restricted?: boolean | undefined;
  is_ultra_restricted?: boolean | undefined;
  profile?: {
    display_name?: string | undefined;
    real_name?: string | undefined;
    bot_id?: string | undefined;
  };
}

type Verdict = { trust: TrustLabel; untrustedReason?: UntrustedReason; isBot: boolean };

const untrusted = (untrustedReason: UntrustedReason, isBot = false): Verdict => ({
  trust: 'untrusted',
  untrustedReason,
  isBot,
});

/** Is the payload itself enough to call the author a bot (no lookup needed)? */
export const isBotHint = (hint: AuthorHint): boolean =>
  hint.botId !== undefined || hint.subtype === 'bot_message' || hint.userId === undefined;

/**
 * Bots and apps, guests (restricted users) and Slack Connect users from other teams are untrusted:
 * their words are data and their reactions never count. Without a user record (the lookup failed)
 * nobody can vouch for the author, so they are untrusted too (fail closed).
 */
export function classifyAuthor(
  hint: AuthorHint,
  record: SlackUserRecord | undefined,
  workspaceTeamId: string,
): Verdict {
  if (isBotHint(hint) || record?.is_bot || record?.profile?.bot_id) return untrusted('bot', true);
  if (!record) return untrusted('unverified');
  if (record.is_restricted || record.is_ultra_restricted) return untrusted('guest');
  const teams = [record.team_id, hint.teamId].filter((team) => team !== undefined && team !== '');
  if (teams.some((team) => team !== workspaceTeamId)) return untrusted('external');
  return { trust: 'trusted', isBot: false };
}

export function displayName(hint: AuthorHint, record: SlackUserRecord | undefined): string {
  const candidates = [
    record?.profile?.display_name,
    record?.real_name,
    record?.profile?.real_name,
    record?.name,
    hint.username,
    hint.userId,
    hint.botId,
  ];
  return candidates.find((name) => typeof name === 'string' && name.trim() !== '') ?? 'unknown';
}

export function toChatUser(hint: AuthorHint, record: SlackUserRecord | undefined, teamId: string): ChatUser {
  const verdict = classifyAuthor(hint, record, teamId);
  const user: ChatUser = {
    id: canonicalUserId(hint.userId ?? hint.botId ?? 'unknown'),
    name: displayName(hint, record),
    trust: verdict.trust,
    isBot: verdict.isBot,
  };
  if (verdict.untrustedReason) user.untrustedReason = verdict.untrustedReason;
  return user;
}
