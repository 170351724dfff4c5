import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { RichMessage, RichSection } from '../../src/domain/chat.ts';
import { redact } from '../../src/redact.ts';
import { type EmbedSource, embedField, LIMITS, packEmbeds } from './embeds.ts';
import { cut } from './split.ts';

/** A create/edit message body: the content is the fallback, the embed carries the sections. */
export interface DiscordBody {
  content: string;
  embeds: APIEmbed[];
  /** Only user mentions ping: text quoted from a discussion must never ping @everyone or a role. */
  allowed_mentions: { parse: ['users'] };
}

const TRUNCATED = '… (truncated)';
const EDIT_POINTER = '… (truncated: the full text did not fit in one message)';

const isRich = (m: RichMessage): boolean =>
  Boolean(m.title || m.context || (m.sections ?? []).some((s) => s.heading || s.body || s.items || s.fields));

function body(content: string, embeds: APIEmbed[]): DiscordBody {
  return { content, embeds, allowed_mentions: { parse: ['users'] } };
}

/** A section as embed markdown; fields too long for an embed field become text so nothing is cut. */
function sectionMarkdown(section: RichSection): { text: string; fields: APIEmbedField[] } {
  const fields = section.fields ?? [];
  const short = fields.filter((f) => f.value.length <= LIMITS.fieldValue);
  const long = fields.filter((f) => f.value.length > LIMITS.fieldValue);
  const lines = [
    section.heading ? `**${section.heading}**` : '',
    section.body ?? '',
    ...(section.items ?? []).map((item) => `- ${item}`),
    ...long.map((f) => `**${f.label}:** ${f.value}`),
  ].filter((line) => line !== '');
  return { text: lines.join('\n'), fields: short.map((f) => embedField(f.label, f.value)) };
}

function embedSource(m: RichMessage): EmbedSource {
  const sections = (m.sections ?? []).map(sectionMarkdown);
  return {
    title: m.title,
    description: sections
      .map((s) => s.text)
      .filter(Boolean)
      .join('\n\n'),
    fields: sections.flatMap((s) => s.fields),
    footer: m.context,
  };
}

/** Every outbound string passes through the one redaction function before it leaves. */
function redacted(m: RichMessage): RichMessage {
  const out: RichMessage = { text: redact(m.text) };
  if (m.title !== undefined) out.title = redact(m.title);
  if (m.context !== undefined) out.context = redact(m.context);
  if (m.sections) {
    out.sections = m.sections.map((s) => {
      const section: RichSection = {};
      if (s.heading !== undefined) section.heading = redact(s.heading);
      if (s.body !== undefined) section.body = redact(s.body);
      if (s.items) section.items = s.items.map((item) => redact(item));
      if (s.fields)
        section.fields = s.fields.map((f) => ({ label: redact(f.label), value: redact(f.value) }));
      return section;
    });
  }
  return out;
}

/**
 * The messages that carry `message`: one when it fits, else numbered parts "(1/3)" (the first carries
 * the content fallback), so a long log arrives in full without Discord refusing a message for length.
 */
export function renderParts(message: RichMessage): DiscordBody[] {
  const m = redacted(message);
  if (!isRich(m) && m.text.length <= LIMITS.content) return [body(m.text || '…', [])];
  // Plain text too long for one message travels in embed descriptions (4,096 characters each).
  const source = isRich(m)
    ? embedSource(m)
    : { title: undefined, description: m.text, fields: [], footer: undefined };
  const content = isRich(m) ? cut(m.text, LIMITS.content, TRUNCATED) : '';
  return packEmbeds(source).map((embed, index) => body(index === 0 ? content : '', [embed]));
}

/** An edit replaces one message in place: what does not fit is cut with a pointer instead of split. */
export function renderEdit(message: RichMessage): DiscordBody {
  const parts = renderParts(message);
  const first = parts[0] as DiscordBody;
  const embed = first.embeds[0];
  if (parts.length === 1 || !embed) return first;
  const title = message.title === undefined ? undefined : cut(redact(message.title), LIMITS.title, '…');
  const { title: _numbered, ...rest } = embed;
  const single: APIEmbed = { ...rest, footer: { text: EDIT_POINTER } };
  if (title !== undefined) single.title = title;
  return body(first.content, [single]);
}
