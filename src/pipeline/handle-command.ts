import type { Kysely } from 'kysely';
import { channelKey } from '../domain/chat.ts';
import type { ChatEvent } from '../domain/chat-events.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { type ChannelSettings, ensureChannel, updateChannel } from '../store/repositories/channels.ts';
import { activeExecutionInChannel } from '../store/repositories/executions.ts';
import type { Database } from '../store/tables.ts';
import { cancelExecution } from './cancel-execution.ts';
import { digestCommand } from './digest-commands.ts';
import { forgetCommand, listMemory } from './memory-commands.ts';

type CommandEvent = Extract<ChatEvent, { type: 'command' }>;

export interface CommandDeps {
  db: Kysely<Database>;
  defaults: { approvers: readonly string[]; repo: string | undefined };
  /** Enqueues `/codecot digest now` inside the command's transaction; absent where no queue runs. */
  queue?: JobQueue | undefined;
}

export const HELP = [
  '*Codecot* turns a discussion into an approved spec and a validated pull request.',
  '`/codecot help` this help',
  '`/codecot spec <request>` propose a spec for a change',
  '`/codecot status` what Codecot knows about this channel',

  '`/codecot repo <owner/name>` link this channel to a repository',
  '`/codecot watch on|off` listen to the channel and propose specs without being asked',
  '`/codecot approvers [add|remove|set] <@user…>` who may approve specs here; `/codecot approvers quorum <n>`; `/codecot approvers self on|off` (may requesters approve their own requests)',
  '`/codecot settings` every setting of this channel',
  '`/codecot cancel` stop the run in progress in this channel',
  '`/codecot digest now` post a digest now; `/codecot digest schedule <cron> [time zone]` when digests run',
  '`/codecot memory` what Codecot remembers here; `/codecot forget <id>` remove an item',
  'Mention me with a request, or react with 🤖 to a message, to get a spec. Approve it with ✅, reject with ❌, reply in the thread to revise.',
].join('\n');

/** Answers `/codecot …`. Settings can only be changed by trusted users, and approvers only by approvers. */
export async function handleCommand(deps: CommandDeps, event: CommandEvent): Promise<string> {
  const channel = await ensureChannel(deps.db, event.channel);
  const args = event.args.trim().split(/\s+/).filter(Boolean);
  switch (event.subcommand.toLowerCase()) {
    case 'status':
      return describe(channel, deps, 'status');
    case 'settings':
      return describe(channel, deps, 'settings');
    case 'repo':
      return linkRepo(deps, channel, event, args);
    case 'watch':
      return watch(deps, channel, event, args);
    case 'approvers':
      return approvers(deps, channel, event, args);
    case 'spec':
      return specRequest(event);
    case 'cancel':
      return cancelLatest(deps, channel, event);
    case 'digest':
      return digestCommand(deps, channel, event, args);
    case 'memory':
      return listMemory(deps.db, channel, channel.linkedRepo ?? deps.defaults.repo ?? null);
    case 'forget':
      return forgetCommand(deps.db, channel, channel.linkedRepo ?? deps.defaults.repo ?? null, event, args);

    default:
      return HELP;
  }
}

function refuseUntrusted(event: CommandEvent): string | undefined {
  return event.user.trust === 'trusted'
    ? undefined
    : 'Only trusted members of this workspace can change Codecot settings.';
}

function effectiveApprovers(channel: ChannelSettings, deps: CommandDeps): readonly string[] {
  return channel.approvers ?? deps.defaults.approvers;
}

function describe(channel: ChannelSettings, deps: CommandDeps, kind: 'status' | 'settings'): string {
  const approverList = effectiveApprovers(channel, deps);
  const lines = [
    `Channel \`${channelKey(channel.ref)}\``,
    `Repository: ${channel.linkedRepo ?? deps.defaults.repo ?? 'none linked (use `/codecot repo owner/name`)'}`,
    `Passive listening: ${channel.passiveListening ? 'on' : 'off'}`,
    `Approvers: ${approverList.length ? approverList.map(mention).join(', ') : 'none set (use `/codecot approvers set @user`)'}; quorum ${channel.quorum}`,
  ];
  if (kind === 'settings') {
    lines.push(
      `Requester may approve own request: ${channel.allowSelfApproval ? 'yes' : 'no'}`,
      `Digest: \`${channel.digestCron}\` (${channel.timezone})`,
      `Monthly token budget: ${channel.monthlyTokenBudget ?? 'unlimited'}`,
    );
  }
  return lines.join('\n');
}

async function linkRepo(
  deps: CommandDeps,
  channel: ChannelSettings,
  event: CommandEvent,
  args: string[],
): Promise<string> {
  const refusal = refuseUntrusted(event) ?? refuseNonApprover(channel, deps, event);
  if (refusal) return refusal;
  const repo = args[0];
  if (!repo || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo)) return 'Usage: `/codecot repo owner/name`';
  await updateChannel(deps.db, channel.id, { linkedRepo: repo });
  return `This channel now works on \`${repo}\`.`;
}

async function watch(
  deps: CommandDeps,
  channel: ChannelSettings,
  event: CommandEvent,
  args: string[],
): Promise<string> {
  const refusal = refuseUntrusted(event);
  if (refusal) return refusal;
  const mode = args[0]?.toLowerCase();
  if (mode !== 'on' && mode !== 'off') return 'Usage: `/codecot watch on|off`';
  await updateChannel(deps.db, channel.id, { passiveListening: mode === 'on' });
  return mode === 'on'
    ? 'Passive listening is on: when a discussion here goes quiet, I summarize it and propose specs for what is actionable.'
    : 'Passive listening is off: I only act when mentioned, summoned with 🤖, or asked with `/codecot`.';
}

function refuseNonApprover(
  channel: ChannelSettings,
  deps: CommandDeps,
  event: CommandEvent,
): string | undefined {
  const current = effectiveApprovers(channel, deps);
  return current.length === 0 || current.includes(event.user.id)
    ? undefined
    : "Only this channel's approvers can change that.";
}

async function approvers(
  deps: CommandDeps,
  channel: ChannelSettings,
  event: CommandEvent,
  args: string[],
): Promise<string> {
  const [action, ...rest] = args;
  if (!action || action === 'list') return describe(channel, deps, 'status').split('\n')[3] ?? '';
  const refusal = refuseUntrusted(event) ?? refuseNonApprover(channel, deps, event);
  if (refusal) return refusal;
  if (action === 'self') {
    const mode = rest[0]?.toLowerCase();
    if (mode !== 'on' && mode !== 'off') return 'Usage: `/codecot approvers self on|off`';
    await updateChannel(deps.db, channel.id, { allowSelfApproval: mode === 'on' });
    return mode === 'on'
      ? 'A requester who is an approver may approve their own request here.'
      : 'Requesters can no longer approve their own requests here: another approver must.';
  }
  if (action === 'quorum') {
    const quorum = Number(rest[0]);
    if (!Number.isInteger(quorum) || quorum < 1 || quorum > 10)
      return 'Usage: `/codecot approvers quorum <1-10>`';
    await updateChannel(deps.db, channel.id, { quorum });
    return `Quorum set to ${quorum}.`;
  }
  const ids = rest
    .map((token) => userIdFrom(token, event.channel.platform))
    .filter((id): id is string => id !== undefined);
  if (!['add', 'remove', 'set'].includes(action) || ids.length === 0) {
    return 'Usage: `/codecot approvers add|remove|set @user…` or `/codecot approvers quorum <n>`';
  }
  const current = new Set(effectiveApprovers(channel, deps));
  const next = action === 'set' ? new Set(ids) : current;
  for (const id of ids) {
    if (action === 'add') next.add(id);
    if (action === 'remove') next.delete(id);
  }
  const updated = await updateChannel(deps.db, channel.id, { approvers: [...next] });
  return `Approvers: ${updated.approvers?.length ? updated.approvers.map(mention).join(', ') : 'none'}.`;
}

/** Accepts `<@U123>`, `<@U123|name>`, `<@!123>`, or a bare id, and returns the canonical `platform:id`. */
export function userIdFrom(token: string, platform: string): string | undefined {
  const match = /^<@!?([A-Za-z0-9]+)(?:\|[^>]*)?>$/.exec(token) ?? /^([A-Z0-9]{6,}|\d{15,21})$/.exec(token);
  return match?.[1] ? `${platform}:${match[1]}` : undefined;
}

/** Renders a canonical user id as a platform mention (both Slack and Discord use `<@id>`). */
function mention(id: string): string {
  const raw = id.slice(id.indexOf(':') + 1);
  return `<@${raw}>`;
}

/** `/codecot spec <request>`: the draft itself runs as a job; the reply only confirms. */
function specRequest(event: CommandEvent): string {
  const refusal = refuseUntrusted(event);
  if (refusal) return 'Only trusted members of this workspace can request specs.';
  const request = event.args.trim();
  if (!request) return 'Usage: `/codecot spec <what should change>`';
  return `Drafting a spec for: ${request}\nIt will appear in this channel, in a thread, for approval.`;
}

/** `/codecot cancel`: stops the newest unfinished run of the channel (approvers only). */
async function cancelLatest(
  deps: CommandDeps,
  channel: ChannelSettings,
  event: CommandEvent,
): Promise<string> {
  const refusal = refuseUntrusted(event);
  if (refusal) return refusal;
  if (!effectiveApprovers(channel, deps).includes(event.user.id))
    return "Only this channel's approvers can cancel runs.";
  const running = await activeExecutionInChannel(deps.db, channel.id);
  if (!running) return 'Nothing is running in this channel.';
  return cancelExecution(deps.db, running.id, event.user.id, event.eventId);
}
