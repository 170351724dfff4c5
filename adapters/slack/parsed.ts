import type { z } from 'zod';
import type { ChatUser } from '../../src/domain/chat.ts';
import type { ChatEvent } from '../../src/domain/chat-events.ts';
import { describeIssues } from './schemas.ts';
import type { AuthorHint } from './trust.ts';

/** What one Slack delivery turns into, before or after the author's trust is known. */
export type ParsedInbound =
  | { kind: 'ready'; event: ChatEvent }
  /** The event is known except for its author, whose trust needs a `users.info` lookup. */
  | { kind: 'needs_author'; author: AuthorHint; complete: (user: ChatUser) => ChatEvent }
  /** A valid payload Codecot does not act on; `unknown` marks event types it was never meant to get. */
  | { kind: 'ignored'; eventType: string; reason: string; unknown: boolean }
  | { kind: 'malformed'; reason: string };

export const ignored = (eventType: string, reason: string, unknown = false): ParsedInbound => ({
  kind: 'ignored',
  eventType,
  reason,
  unknown,
});

export const malformed = (reason: string): ParsedInbound => ({ kind: 'malformed', reason });

export const malformedBy = (error: z.ZodError): ParsedInbound => malformed(describeIssues(error));
