import { requireString, SlackMethodError } from './args.ts';
import { botMethod, type MethodContext, type MethodTable, requireChannel, requireMessage } from './method.ts';

// Emoji names as Slack accepts them (no colons). Anything else is `invalid_name`.
const EMOJI_NAME = /^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/;

function readTarget(ctx: MethodContext) {
  const channel = requireChannel(ctx);
  requireString(ctx.args, 'timestamp', 'no_item_specified');
  const message = requireMessage(ctx, channel.id, 'timestamp');
  const name = requireString(ctx.args, 'name');
  if (!EMOJI_NAME.test(name)) throw new SlackMethodError('invalid_name');
  return { message, name, user: ctx.workspace.identity.botUserId };
}

function add(ctx: MethodContext): Record<string, unknown> {
  const { message, name, user } = readTarget(ctx);
  message.reactions ??= [];
  let reaction = message.reactions.find((r) => r.name === name);
  if (reaction?.users.includes(user)) throw new SlackMethodError('already_reacted');
  if (!reaction) {
    reaction = { name, users: [], count: 0 };
    message.reactions.push(reaction);
  }
  reaction.users.push(user);
  reaction.count = reaction.users.length;
  return {};
}

function remove(ctx: MethodContext): Record<string, unknown> {
  const { message, name, user } = readTarget(ctx);
  const reaction = message.reactions?.find((r) => r.name === name);
  if (!reaction?.users.includes(user)) throw new SlackMethodError('no_reaction');
  reaction.users = reaction.users.filter((u) => u !== user);
  reaction.count = reaction.users.length;
  // Slack drops empty reactions, and the whole field once none are left.
  const remaining = (message.reactions ?? []).filter((r) => r.count > 0);
  if (remaining.length > 0) message.reactions = remaining;
  else delete message.reactions;
  return {};
}

export const reactionMethods: MethodTable = {
  'reactions.add': botMethod(add),
  'reactions.remove': botMethod(remove),
};
