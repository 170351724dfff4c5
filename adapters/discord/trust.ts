import type { ChatUser, TrustLabel, UntrustedReason } from '../../src/domain/chat.ts';
import { canonicalUserId } from './refs.ts';

/** What a dispatch tells about who wrote or reacted. */
export interface AuthorFacts {
  id: string;
  username?: string | undefined;
  globalName?: string | null | undefined;
  /** The guild nickname, when the member object came along. */
  nick?: string | null | undefined;
  bot?: boolean | undefined;
  /** Set for messages posted through a webhook (integrations, CI bots, other apps). */
  webhookId?: string | undefined;
  /** The member's role ids in the guild; undefined when they could not be learned. */
  roles?: readonly string[] | undefined;
}

type Verdict = { trust: TrustLabel; untrustedReason?: UntrustedReason; isBot: boolean };

const untrusted = (untrustedReason: UntrustedReason, isBot: boolean): Verdict => ({
  trust: 'untrusted',
  untrustedReason,
  isBot,
});

/**
 * Webhooks and bots (the bot itself included) are untrusted: their words are data and their reactions
 * never count. With a trusted role configured, a member must hold it; when the roles are unknown
 * (the member lookup failed) nobody can vouch for the author, so they are untrusted too (fail closed).
 */
export function classifyAuthor(author: AuthorFacts, trustedRoleId: string | undefined): Verdict {
  if (author.webhookId) return untrusted('webhook', true);
  if (author.bot) return untrusted('bot', true);
  if (trustedRoleId && !author.roles?.includes(trustedRoleId)) return untrusted('no-trusted-role', false);
  return { trust: 'trusted', isBot: false };
}

export function displayName(author: AuthorFacts): string {
  const candidates = [author.nick, author.globalName, author.username, author.id];
  return candidates.find((name): name is string => typeof name === 'string' && name.trim() !== '') ?? '';
}

export function toChatUser(author: AuthorFacts, trustedRoleId: string | undefined): ChatUser {
  const verdict = classifyAuthor(author, trustedRoleId);
  const user: ChatUser = {
    id: canonicalUserId(author.id),
    name: displayName(author),
    trust: verdict.trust,
    isBot: verdict.isBot,
  };
  if (verdict.untrustedReason) user.untrustedReason = verdict.untrustedReason;
  return user;
}
