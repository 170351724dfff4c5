import { z } from 'zod';

// Every inbound payload is untrusted: these schemas are the only way a Slack field becomes a value
// the adapter uses. Ids and timestamps are checked for shape because they end up in canonical keys.
export const slackId = z.string().regex(/^[A-Z0-9]{2,32}$/, 'expected a Slack id');
export const slackTs = z.string().regex(/^\d{1,12}\.\d{1,6}$/, 'expected a Slack ts');

/** Any object (never null, a primitive or an array). */
const anObject = z.looseObject({});

export const envelopeSchema = z.object({
  type: z.literal('event_callback'),
  event_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected an event id'),
  // Bolt's router reads these fields with `in` and property accesses before any listener runs, and
  // throws on null or a primitive there: checked here, such a payload is a 400 instead of a 500.
  authorizations: z.array(anObject).optional(),
  event: z.looseObject({
    type: z.string().min(1),
    channel: z.union([z.string(), anObject]).optional(),
    user: z.union([z.string(), anObject]).optional(),
    item: anObject.optional(),
    subteam: anObject.optional(),
  }),
});

const authorFields = {
  user: slackId.optional(),
  bot_id: slackId.optional(),
  username: z.string().optional(),
  team: slackId.optional(),
  user_team: slackId.optional(),
};

export const messageSchema = z.object({
  type: z.literal('message'),
  subtype: z.string().optional(),
  channel: slackId,
  ts: slackTs,
  thread_ts: slackTs.optional(),
  text: z.string().default(''),
  ...authorFields,
});

export const appMentionSchema = messageSchema.extend({ type: z.literal('app_mention') });

export const messageChangedSchema = z.object({
  subtype: z.literal('message_changed'),
  channel: slackId,
  event_ts: slackTs,
  message: z.object({
    ts: slackTs,
    thread_ts: slackTs.optional(),
    text: z.string().default(''),
    edited: z.object({ ts: slackTs }).optional(),
  }),
  previous_message: z.object({ text: z.string().default('') }).optional(),
});

export const messageDeletedSchema = z.object({
  subtype: z.literal('message_deleted'),
  channel: slackId,
  event_ts: slackTs,
  deleted_ts: slackTs,
  previous_message: z.object({ thread_ts: slackTs.optional() }).optional(),
});

export const reactionSchema = z.object({
  type: z.enum(['reaction_added', 'reaction_removed']),
  user: slackId,
  reaction: z.string().regex(/^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/, 'expected an emoji name'),
  item: z.object({ type: z.string(), channel: slackId.optional(), ts: slackTs.optional() }),
  event_ts: slackTs,
});

export const memberJoinedSchema = z.object({
  type: z.literal('member_joined_channel'),
  user: slackId,
  channel: slackId,
});

export const slashCommandSchema = z.object({
  command: z.string().regex(/^\/[\w-]+$/, 'expected a slash command'),
  text: z.string().default(''),
  user_id: slackId,
  user_name: z.string().optional(),
  channel_id: slackId,
  trigger_id: z.string().regex(/^[\w.-]{1,128}$/, 'expected a trigger id'),
});

/** One line naming every problem, for the log. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
}
