import type { APIEmbed, APIEmbedField } from 'discord.js';
import { cut, splitText } from './split.ts';

/** Discord's documented limits (characters) for messages and embeds. */
export const LIMITS = {
  content: 2_000,
  title: 256,
  description: 4_096,
  fieldName: 256,
  fieldValue: 1_024,
  fields: 25,
  footer: 2_048,
  embedTotal: 6_000,
} as const;

/** Room for everything but the title in one embed; the title (<= 256) keeps the total under 6,000. */
const BODY_BUDGET = 5_600;
const DESCRIPTION_CHUNK = 4_000;
const FOOTER_MAX = 1_024;
/** A long log is posted as at most this many numbered parts; beyond that a pointer says what was cut. */
export const MAX_PARTS = 10;
const ACCENT = 0x3b82f6;

export interface EmbedSource {
  title: string | undefined;
  description: string;
  fields: APIEmbedField[];
  footer: string | undefined;
}

const bodySize = (embed: APIEmbed): number =>
  (embed.description?.length ?? 0) +
  (embed.footer?.text.length ?? 0) +
  (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);

/**
 * Packs the description, fields and footer into as few embeds as Discord's limits allow, each one going
 * into its own message. With more than one, every title carries its part number "(2/3)".
 */
export function packEmbeds(source: EmbedSource): APIEmbed[] {
  const embeds: APIEmbed[] = splitText(source.description, DESCRIPTION_CHUNK)
    .filter((chunk) => chunk !== '')
    .map((description) => ({ description }));
  if (embeds.length === 0) embeds.push({});
  for (const field of source.fields) {
    const last = embeds.at(-1) as APIEmbed;
    const size = field.name.length + field.value.length;
    const room = (last.fields?.length ?? 0) < LIMITS.fields && bodySize(last) + size <= BODY_BUDGET;
    if (room) last.fields = [...(last.fields ?? []), field];
    else embeds.push({ fields: [field] });
  }
  if (source.footer) {
    const footer = { text: cut(source.footer, FOOTER_MAX, '…') };
    const last = embeds.at(-1) as APIEmbed;
    if (bodySize(last) + footer.text.length <= BODY_BUDGET) last.footer = footer;
    else embeds.push({ footer });
  }
  return titled(capParts(embeds), source.title);
}

/** Keeps at most MAX_PARTS embeds; the last one kept says in its footer how much did not fit. */
function capParts(embeds: APIEmbed[]): APIEmbed[] {
  if (embeds.length <= MAX_PARTS) return embeds;
  const kept = embeds.slice(0, MAX_PARTS);
  const dropped = embeds.slice(MAX_PARTS).reduce((sum, embed) => sum + bodySize(embed), 0);
  const last = kept.at(-1) as APIEmbed;
  last.footer = { text: `… (truncated: ${dropped} more characters did not fit in ${MAX_PARTS} messages)` };
  return kept;
}

function titled(embeds: APIEmbed[], title: string | undefined): APIEmbed[] {
  const total = embeds.length;
  return embeds.map((embed, index) => {
    const marker = total > 1 ? ` (${index + 1}/${total})` : '';
    const base = title ?? (marker ? 'Codecot' : undefined);
    const withTitle: APIEmbed = { color: ACCENT, ...embed };
    if (base !== undefined) withTitle.title = `${cut(base, LIMITS.title - marker.length, '…')}${marker}`;
    return withTitle;
  });
}

/** A field Discord accepts: name and value within limits, never empty (Discord rejects empty values). */
export function embedField(label: string, value: string): APIEmbedField {
  return {
    name: cut(label.trim() || '\u200b', LIMITS.fieldName, '…'),
    value: value.trim() || '—',
    inline: value.length <= 60,
  };
}
