import { compareTs, decodeCursor, encodeCursor } from '../ids.ts';
import type { FakeMessage } from '../types.ts';
import { boolArg, intArg, SlackMethodError, stringArg } from './args.ts';

export interface MessagePage {
  messages: FakeMessage[];
  has_more: boolean;
  response_metadata?: { next_cursor: string };
}

/** Apply Slack's `oldest` / `latest` / `inclusive` window (exclusive bounds unless inclusive). */
export function withinWindow(messages: FakeMessage[], args: Record<string, unknown>): FakeMessage[] {
  const oldest = stringArg(args, 'oldest');
  const latest = stringArg(args, 'latest');
  const inclusive = boolArg(args, 'inclusive');
  return messages.filter((m) => {
    if (oldest !== undefined) {
      const cmp = compareTs(m.ts, oldest);
      if (cmp < 0 || (cmp === 0 && !inclusive)) return false;
    }
    if (latest !== undefined) {
      const cmp = compareTs(m.ts, latest);
      if (cmp > 0 || (cmp === 0 && !inclusive)) return false;
    }
    return true;
  });
}

/**
 * Cut one page out of `ordered` (already in the order the method returns: oldest first for replies,
 * newest first for history). The cursor names the ts where the next page starts, as Slack's does.
 */
export function pageOf(
  ordered: FakeMessage[],
  args: Record<string, unknown>,
  { defaultLimit, newestFirst }: { defaultLimit: number; newestFirst: boolean },
): MessagePage {
  const requested = intArg(args, 'limit', defaultLimit);
  const limit = requested > 0 ? Math.min(requested, 1000) : defaultLimit;
  let start = 0;
  const cursor = stringArg(args, 'cursor');
  if (cursor !== undefined) {
    const cursorTs = decodeCursor(cursor);
    if (cursorTs === undefined) throw new SlackMethodError('invalid_cursor');
    const index = ordered.findIndex((m) => {
      const cmp = compareTs(m.ts, cursorTs);
      return newestFirst ? cmp <= 0 : cmp >= 0;
    });
    start = index < 0 ? ordered.length : index;
  }
  const messages = ordered.slice(start, start + limit);
  const next = ordered[start + limit];
  if (!next) return { messages, has_more: false };
  return { messages, has_more: true, response_metadata: { next_cursor: encodeCursor(next.ts) } };
}
