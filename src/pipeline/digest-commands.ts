import type { Kysely } from 'kysely';
import type { ChatEvent } from '../domain/chat-events.ts';
import { enqueueDigest } from '../jobs/cron.ts';
import { canonicalTimezone, nextSlot, nowPeriodKey, scheduleProblem } from '../jobs/digest-schedule.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { type ChannelSettings, updateChannel } from '../store/repositories/channels.ts';
import type { Database } from '../store/tables.ts';

type CommandEvent = Extract<ChatEvent, { type: 'command' }>;

export const DIGEST_USAGE =
  'Usage: `/codecot digest schedule <minute hour day month weekday> [time zone]` (e.g. `/codecot digest schedule 0 9 * * 1-5 Europe/Berlin`), or `/codecot digest now`';

export interface DigestCommandDeps {
  db: Kysely<Database>;
  /** Absent where no job queue runs (then `digest now` says so). */
  queue?: JobQueue | undefined;
}

/** `/codecot digest [schedule … | now]`: shows or changes the channel's schedule, or asks for one now. */
export async function digestCommand(
  deps: DigestCommandDeps,
  channel: ChannelSettings,
  event: CommandEvent,
  args: string[],
): Promise<string> {
  const [action, ...rest] = args;
  switch (action?.toLowerCase()) {
    case undefined:
      return `Digests run at \`${channel.digestCron}\` (${channel.timezone}), next ${nextSlot(channel.digestCron, channel.timezone)}.\n${DIGEST_USAGE}`;
    case 'schedule':
      return schedule(deps, channel, event, rest);
    case 'now':
      return digestNow(deps, channel, event);
    default:
      return DIGEST_USAGE;
  }
}

async function schedule(
  deps: DigestCommandDeps,
  channel: ChannelSettings,
  event: CommandEvent,
  rest: string[],
): Promise<string> {
  if (event.user.trust !== 'trusted')
    return 'Only trusted members of this workspace can change Codecot settings.';
  // People quote the expression (`"0 9 * * 1-5"`, backticks); the quotes are not part of it.
  const tokens = rest.join(' ').replace(/["'`]/g, ' ').trim().split(/\s+/).filter(Boolean);
  if (tokens.length !== 5 && tokens.length !== 6) return DIGEST_USAGE;
  const cron = tokens.slice(0, 5).join(' ');
  const problem = scheduleProblem(cron);
  if (problem) return `${DIGEST_USAGE}\nThe schedule was not changed: ${problem}.`;
  const timezone = canonicalTimezone(tokens[5] ?? channel.timezone);
  if (!timezone)
    return `${DIGEST_USAGE}\nThe schedule was not changed: \`${tokens[5]}\` is not a time zone (use an IANA name such as Europe/Berlin or UTC).`;
  await updateChannel(deps.db, channel.id, { digestCron: cron, timezone });
  return `Digests now run at \`${cron}\` (${timezone}); the next is ${nextSlot(cron, timezone)}. Nothing is posted when nothing happened.`;
}

async function digestNow(
  deps: DigestCommandDeps,
  channel: ChannelSettings,
  event: CommandEvent,
): Promise<string> {
  if (event.user.trust !== 'trusted') return 'Only trusted members of this workspace can ask for a digest.';
  if (!deps.queue) return 'Digests are not running in this Codecot process.';
  // deps.db is the command's transaction: the job exists exactly when the command was recorded.
  const fresh = await enqueueDigest(
    deps.queue,
    { channelId: channel.id, periodKey: nowPeriodKey(new Date()) },
    deps.db,
  );
  return fresh
    ? 'A digest of what happened since the last one is on its way (nothing is posted if nothing happened).'
    : 'A digest for this minute is already on its way.';
}
