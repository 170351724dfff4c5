import type { Kysely } from 'kysely';
import type { ChatEvent } from '../domain/chat-events.ts';
import type { ChannelSettings } from '../store/repositories/channels.ts';
import { appendEvent } from '../store/repositories/event-log.ts';
import { memoryFor } from '../store/repositories/memory.ts';
import { findMemoryByPrefix, forgetMemory } from '../store/repositories/memory-admin.ts';
import type { Database } from '../store/tables.ts';

type CommandEvent = Extract<ChatEvent, { type: 'command' }>;

/** A command reply stays short: this many items are listed, newest first. */
const LISTED = 30;
const shortId = (id: string) => id.slice(0, 8);

/** `/codecot memory`: what Codecot remembers for this channel and its repository, with ids to forget. */
export async function listMemory(
  db: Kysely<Database>,
  channel: ChannelSettings,
  repo: string | null,
): Promise<string> {
  const items = await memoryFor(db, { repo, channelId: channel.id, limit: LISTED + 1 });
  if (items.length === 0)
    return 'Nothing remembered yet: approved and rejected specs, merged pull requests and repository conventions are kept here.';
  const where = repo ? `this channel and \`${repo}\`` : 'this channel';
  return [
    `Memory for ${where}, newest first:`,
    ...items
      .slice(0, LISTED)
      .map((item) => `\`${shortId(item.id)}\` ${item.kind}: ${item.text.replace(/\s+/g, ' ')}`),
    ...(items.length > LISTED ? [`(older items not shown)`] : []),
    'Remove an item with `/codecot forget <id>`.',
  ].join('\n');
}

/** `/codecot forget <id>`: trusted members remove an item of this channel's or its repository's memory. */
export async function forgetCommand(
  db: Kysely<Database>,
  channel: ChannelSettings,
  repo: string | null,
  event: CommandEvent,
  args: string[],
): Promise<string> {
  if (event.user.trust !== 'trusted')
    return 'Only trusted members of this workspace can change Codecot memory.';
  const prefix = args[0]?.replace(/^`|`$/g, '') ?? '';
  if (!/^[0-9a-f-]{6,36}$/i.test(prefix))
    return 'Usage: `/codecot forget <id>` (ids are listed by `/codecot memory`)';
  const found = await findMemoryByPrefix(db, { channelId: channel.id, repo }, prefix);
  const [item] = found;
  if (!item) return `No memory item \`${prefix}\` here (see \`/codecot memory\`).`;
  if (found.length > 1) return `\`${prefix}\` matches several items: give more of the id.`;
  await forgetMemory(db, item.id);
  await appendEvent(db, item.id, {
    machine: 'memory_item',
    from: 'remembered',
    to: 'forgotten',
    cause: { kind: 'command', actor: event.user.id, eventId: event.eventId, detail: item.text.slice(0, 200) },
  });
  return `Forgot \`${shortId(item.id)}\`: ${item.text}`;
}
