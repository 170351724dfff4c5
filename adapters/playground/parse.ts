import { z } from 'zod';
import type { ChatUser } from '../../src/domain/chat.ts';
import { Refusal } from './http-io.ts';

/** The reactions the page shows on every message: Codecot's four (approve, reject, summon, repeat). */
export const SHOWN = ['✅', '❌', '🤖', '🔁'] as const;
/** The reactions people may add: Codecot's four, and a few for people. */
export const PALETTE = [...SHOWN, '👍', '👀', '🎉'] as const;

const clientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected a client id of 8-64 letters');
const messageId = z.string().regex(/^[a-z0-9-]{1,40}$/, 'expected a message id');
export const channelName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,29}$/, 'a channel name is 1-30 lowercase letters, digits or dashes');
const author = z.object({
  name: z.string().trim().min(1, 'pick a name').max(40),
  /** Posts as an integration (a CI bot, a webhook): labelled untrusted, as on Slack and Discord. */
  bot: z.boolean().optional(),
});
const text = z.string().trim().min(1, 'write something').max(8_000);

export const schemas = {
  message: z.object({ user: author, channel: channelName, text, threadId: messageId.optional(), clientId }),
  reaction: z.object({ user: author, messageId, emoji: z.enum(PALETTE), on: z.boolean(), clientId }),
  edit: z.object({ user: author, messageId, text, clientId }),
  deletion: z.object({ user: author, messageId, clientId }),
  command: z.object({
    user: author,
    channel: channelName,
    text: z.string().trim().max(4_000),
    threadId: messageId.optional(),
    clientId,
  }),
  channel: z.object({ user: author, name: channelName, clientId }),
};

/** Validates an untrusted body; the page shows the first problem. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Refusal(400, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
}

/** `Ann Lee` → `annlee`: letters and digits only, so `<@annlee>` works in `/codecot approvers`. */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 32);
}

/** The playground's people are trusted; a post marked as an integration's is not. */
export function userOf(input: { name: string; bot?: boolean | undefined }, botSlug: string): ChatUser {
  const slug = slugOf(input.name);
  if (!slug) throw new Refusal(400, 'user.name: use at least one letter or digit');
  if (slug === botSlug) throw new Refusal(400, `user.name: "${input.name}" is the bot's name; pick another`);
  const user: ChatUser = {
    id: `local:${slug}`,
    name: input.name,
    trust: input.bot ? 'untrusted' : 'trusted',
    isBot: Boolean(input.bot),
  };
  if (input.bot) user.untrustedReason = 'bot';
  return user;
}

export function mentionsBot(text: string, botSlug: string): boolean {
  return new RegExp(`(^|[^\\w@])(@${botSlug}|<@${botSlug}>)(?![\\w])`, 'i').test(text);
}

/** `/codecot approvers add @bob` → `add <@bob>`: the core reads people as `<@id>`, as on Slack. */
export function commandParts(input: string): { subcommand: string; args: string } {
  const trimmed = input.replace(/^\/codecot\b/i, '').trim();
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const args = rest
    .join(' ')
    .replace(/(^|\s)@([A-Za-z0-9][\w.-]*)(?=\s|$)/g, (_, space: string, name: string) => {
      return `${space}<@${slugOf(name)}>`;
    });
  return { subcommand: first.toLowerCase() || 'help', args };
}
