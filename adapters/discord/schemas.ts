import { z } from 'zod';

// Every dispatch is untrusted input: these schemas are the only way a Discord field becomes a value the
// adapter uses. Ids are checked for shape because they end up in canonical keys and REST paths.
export const snowflake = z.string().regex(/^\d{15,21}$/, 'expected a snowflake');
const timestamp = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'expected a timestamp');

const userSchema = z.object({
  id: snowflake,
  username: z.string().optional(),
  global_name: z.string().nullish(),
  bot: z.boolean().optional(),
});

const memberSchema = z.object({
  roles: z.array(snowflake).default([]),
  nick: z.string().nullish(),
});

export const messageSchema = z.object({
  id: snowflake,
  channel_id: snowflake,
  guild_id: snowflake.optional(),
  type: z.number().int().default(0),
  author: userSchema,
  member: memberSchema.optional(),
  webhook_id: snowflake.optional(),
  content: z.string().default(''),
  timestamp,
  edited_timestamp: timestamp.nullish(),
  mentions: z.array(z.object({ id: snowflake })).default([]),
  mention_roles: z.array(snowflake).default([]),
});
export type MessageFacts = z.infer<typeof messageSchema>;

/** In API v10 an update carries the whole message, but only these fields matter for an edit. */
export const messageUpdateSchema = messageSchema.partial({ author: true, timestamp: true, type: true });
export type MessageUpdateFacts = z.infer<typeof messageUpdateSchema>;

export const messageDeleteSchema = z.object({
  id: snowflake,
  channel_id: snowflake,
  guild_id: snowflake.optional(),
});

export const messageDeleteBulkSchema = z.object({
  ids: z.array(snowflake),
  channel_id: snowflake,
  guild_id: snowflake.optional(),
});

export const reactionSchema = z.object({
  user_id: snowflake,
  channel_id: snowflake,
  message_id: snowflake,
  guild_id: snowflake.optional(),
  emoji: z
    .object({ id: snowflake.nullish(), name: z.string().min(1).nullish() })
    .refine((emoji) => Boolean(emoji.id || emoji.name), 'expected an emoji id or name'),
  member: memberSchema.extend({ user: userSchema }).optional(),
});
export type ReactionFacts = z.infer<typeof reactionSchema>;

const optionValue = z.union([z.string(), z.number(), z.boolean()]);
const basicOption = z.object({ name: z.string(), type: z.number().int(), value: optionValue.optional() });

export const interactionSchema = z.object({
  id: snowflake,
  application_id: snowflake,
  type: z.number().int(),
  token: z.string().min(1),
  guild_id: snowflake.optional(),
  channel_id: snowflake.optional(),
  channel: z.object({ id: snowflake }).optional(),
  member: memberSchema.extend({ user: userSchema }).optional(),
  user: userSchema.optional(),
  data: z
    .object({
      name: z.string(),
      type: z.number().int().optional(),
      options: z.array(basicOption.extend({ options: z.array(basicOption).optional() })).default([]),
    })
    .optional(),
});
export type InteractionFacts = z.infer<typeof interactionSchema>;

/** The first problem zod found, as one line for the log. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid payload';
}
