import type { APIEmbed } from 'discord.js';
import { Errors, type RestResponse } from './rest-types.ts';

/** The subset of Discord's create/edit message body the fake understands. */
export interface MessageBody {
  content?: string | null;
  embeds?: APIEmbed[] | null;
  components?: unknown[] | null;
  flags?: number | null;
  tts?: boolean;
  nonce?: string | number;
  sticker_ids?: string[];
  poll?: unknown;
  message_reference?: { message_id?: string; channel_id?: string; fail_if_not_exists?: boolean } | null;
}

type FieldErrors = Record<string, unknown>;

function tooLong(max: number): { _errors: Array<{ code: string; message: string }> } {
  return { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` }] };
}

function embedErrors(embeds: APIEmbed[]): FieldErrors {
  const errors: FieldErrors = {};
  if (embeds.length > 10) errors.embeds = tooLong(10);
  let total = 0;
  embeds.forEach((embed, index) => {
    const own: FieldErrors = {};
    if ((embed.title?.length ?? 0) > 256) own.title = tooLong(256);
    if ((embed.description?.length ?? 0) > 4096) own.description = tooLong(4096);
    if ((embed.fields?.length ?? 0) > 25) own.fields = tooLong(25);
    total += (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
    for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
    if (Object.keys(own).length > 0) errors.embeds = { ...(errors.embeds as object), [index]: own };
  });
  if (total > 6000)
    errors.embeds = {
      ...(errors.embeds as object),
      _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }],
    };
  return errors;
}

/**
 * Discord's checks that bots most often trip: content over 2000 characters, oversized embeds, and empty
 * messages. Returns the error response Discord would give, or null when the body is acceptable.
 */
export function validateMessageBody(
  body: MessageBody,
  fileCount: number,
  isEdit: boolean,
): RestResponse | null {
  const errors: FieldErrors = {};
  if ((body.content?.length ?? 0) > 2000) errors.content = tooLong(2000);
  Object.assign(errors, embedErrors(body.embeds ?? []));
  if (Object.keys(errors).length > 0) return Errors.invalidFormBody(errors);
  const hasSomething =
    (body.content ?? '') !== '' ||
    (body.embeds?.length ?? 0) > 0 ||
    (body.components?.length ?? 0) > 0 ||
    (body.sticker_ids?.length ?? 0) > 0 ||
    body.poll !== undefined ||
    fileCount > 0;
  return isEdit || hasSomething ? null : Errors.emptyMessage();
}
