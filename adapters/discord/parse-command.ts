import type { ChatEvent } from '../../src/domain/chat-events.ts';
import { COMMAND_NAME, joinArgs } from './commands.ts';
import type { ParseContext } from './parse.ts';
import { channelRef, eventIds, type Location } from './refs.ts';
import type { InteractionFacts } from './schemas.ts';
import { type AuthorFacts, toChatUser } from './trust.ts';

const APPLICATION_COMMAND = 2;
const CHAT_INPUT = 1;
const SUBCOMMAND = 1;

export type CommandEvent = Extract<ChatEvent, { type: 'command' }>;

export interface Invocation {
  subcommand: string;
  args: string;
}

/** `/codecot <subcommand> …` out of an interaction, or the reason it is not one Codecot answers. */
export function readInvocation(facts: InteractionFacts): Invocation | { skip: string } {
  if (facts.type !== APPLICATION_COMMAND) return { skip: `interaction type ${facts.type}` };
  const data = facts.data;
  if (!data || data.name !== COMMAND_NAME || (data.type ?? CHAT_INPUT) !== CHAT_INPUT) {
    return { skip: `command ${data?.name ?? '(none)'}` };
  }
  const chosen = data.options.find((option) => option.type === SUBCOMMAND);
  if (!chosen) return { subcommand: 'help', args: '' };
  return { subcommand: chosen.name, args: joinArgs(chosen.name, chosen.options ?? []) };
}

/** The channel the command was run in, as the interaction names it (a thread's own id when in one). */
export const interactionChannelId = (facts: InteractionFacts): string | undefined =>
  facts.channel?.id ?? facts.channel_id;

export function invokerOf(facts: InteractionFacts): AuthorFacts | undefined {
  const user = facts.member?.user ?? facts.user;
  if (!user) return undefined;
  return {
    id: user.id,
    username: user.username,
    globalName: user.global_name,
    nick: facts.member?.nick,
    bot: user.bot,
    roles: facts.member?.roles,
  };
}

export function commandEvent(
  facts: InteractionFacts,
  invocation: Invocation,
  location: Location,
  invoker: AuthorFacts,
  ctx: ParseContext,
): CommandEvent {
  const event: CommandEvent = {
    type: 'command',
    eventId: eventIds.interaction(facts.id),
    channel: channelRef(location),
    user: toChatUser(invoker, ctx.trustedRoleId),
    subcommand: invocation.subcommand,
    args: invocation.args,
  };
  if (location.threadId) event.threadId = location.threadId;
  return event;
}
