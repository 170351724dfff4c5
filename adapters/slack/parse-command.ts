import { malformedBy, type ParsedInbound } from './parsed.ts';
import { channelRef, type WorkspaceContext } from './refs.ts';
import { slashCommandSchema } from './schemas.ts';

/** `/codecot watch on` -> subcommand `watch`, args `on`; an empty command asks for help. */
export function splitCommandText(text: string): { subcommand: string; args: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { subcommand: 'help', args: '' };
  const first = trimmed.split(/\s+/, 1)[0] ?? '';
  return { subcommand: first.toLowerCase(), args: trimmed.slice(first.length).trim() };
}

/**
 * A slash command request -> a canonical `command` event. Slack never retries slash commands, so
 * the trigger id (unique per invocation) is the delivery id. The core answers every subcommand,
 * help for unknown ones included; the adapter only splits the text.
 */
export function parseSlashCommand(body: unknown, ctx: WorkspaceContext): ParsedInbound {
  const parsed = slashCommandSchema.safeParse(body);
  if (!parsed.success) return malformedBy(parsed.error);
  const { text, user_id, user_name, channel_id, trigger_id } = parsed.data;
  const channel = channelRef(ctx.teamId, channel_id);
  return {
    kind: 'needs_author',
    author: { userId: user_id, username: user_name },
    complete: (user) => ({
      eventId: `slack:command:${trigger_id}`,
      type: 'command',
      channel,
      user,
      ...splitCommandText(text),
    }),
  };
}
