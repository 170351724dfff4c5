import type { ChatUser } from '../../src/domain/chat.ts';
import type { Logger } from '../../src/logger.ts';
import { type AuthorHint, isBotHint, type SlackUserRecord, toChatUser } from './trust.ts';

export interface UserDirectoryOptions {
  /** `users.info` for one user; rejects when Slack cannot answer. */
  lookup(userId: string): Promise<SlackUserRecord>;
  /** The workspace team, known once the adapter has started. */
  workspaceTeamId(): string;
  logger: Logger;
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export interface UserDirectory {
  /** The canonical user with its trust label; never rejects (a failed lookup means untrusted). */
  resolve(hint: AuthorHint): Promise<ChatUser>;
}

interface Entry {
  expires: number;
  record: Promise<SlackUserRecord>;
}

const TEN_MINUTES = 10 * 60 * 1000;

/**
 * Trust is decided per message, inside Slack's 3-second ack window, so each user is looked up at
 * most once per ten minutes (concurrent lookups share one call) and bots are judged on the payload.
 */
export function createUserDirectory(options: UserDirectoryOptions): UserDirectory {
  const ttl = options.ttlMs ?? TEN_MINUTES;
  const max = options.maxEntries ?? 5_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, Entry>();

  function cached(userId: string): Promise<SlackUserRecord> {
    const hit = cache.get(userId);
    if (hit && hit.expires > now()) return hit.record;
    const record = options.lookup(userId);
    cache.delete(userId);
    cache.set(userId, { expires: now() + ttl, record });
    // A failure is not remembered: the next message from this user asks Slack again.
    record.catch(() => {
      if (cache.get(userId)?.record === record) cache.delete(userId);
    });
    if (cache.size > max) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return record;
  }

  return {
    async resolve(hint) {
      const teamId = options.workspaceTeamId();
      if (isBotHint(hint) || hint.userId === undefined) return toChatUser(hint, undefined, teamId);
      try {
        return toChatUser(hint, await cached(hint.userId), teamId);
      } catch (error) {
        options.logger.warn(
          { err: error, slackUser: hint.userId },
          'users.info failed; the author is labelled untrusted',
        );
        return toChatUser(hint, undefined, teamId);
      }
    },
  };
}
