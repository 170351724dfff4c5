import { redact } from '../../src/redact.ts';

/** Slack's documented limits; going past them is an API error or silently cut text. */
export const SLACK_LIMITS = {
  /** `text` of chat.postMessage / chat.update. */
  text: 40_000,
  /** The mrkdwn text of a section block, and a context element. */
  sectionText: 3_000,
  /** A plain_text header. */
  headerText: 150,
  /** One field of a section. */
  fieldText: 2_000,
  fieldsPerSection: 10,
  blocksPerMessage: 50,
} as const;

/**
 * Cuts `text` to at most `limit` characters, ending with a visible pointer that says how much is
 * missing, so a reader knows the message is not the whole story.
 */
export function cutText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let keep = limit;
  for (;;) {
    const pointer = `… (truncated, ${text.length - keep} more characters)`;
    const room = limit - pointer.length - 1;
    if (room < 0) return text.slice(0, limit);
    if (room >= keep) return `${sliceWhole(text, keep)}\n${pointer}`;
    keep = room;
  }
}

/** Slices without leaving half an emoji (surrogate pair), an entity (`&am`) or a reference (`<@U1`). */
function sliceWhole(text: string, end: number): string {
  const code = text.charCodeAt(end - 1);
  const head = text.slice(0, code >= 0xd800 && code <= 0xdbff ? end - 1 : end);
  return head.replace(/&[a-z]{0,4}$/, '').replace(/<[^<>\n]{0,200}$/, '');
}

// After escaping, these are turned back into what they were: user and channel mentions and links.
// Broadcasts (<!channel>, <!here>, <!subteam^…>) stay escaped, so quoted text can never ping everyone.
const ALLOWED_REFERENCE =
  /&lt;(@[UW][A-Z0-9]+(?:\|[^\s&]*)?|#C[A-Z0-9]+(?:\|[^\s&]*)?|https?:\/\/[^\s|]+?(?:\|.*?)?)&gt;/g;

/** Text that becomes Slack mrkdwn: secrets redacted, &, <, > escaped except safe references. */
export function toMrkdwn(text: string): string {
  return redact(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(ALLOWED_REFERENCE, (_match, inner: string) => `<${inner}>`);
}

/** Plain text (headers): only redaction, Slack shows it as is. */
export const toPlainText = (text: string): string => redact(text);
