import type { types } from '@slack/bolt';
import type { RichMessage, RichSection } from '../../src/domain/chat.ts';
import { cutText, SLACK_LIMITS, toMrkdwn, toPlainText } from './mrkdwn.ts';

/** The content arguments of chat.postMessage / chat.update. */
export interface SlackMessageContent {
  /** The notification and screen-reader fallback; also what shows when there are no blocks. */
  text: string;
  blocks?: types.KnownBlock[];
}

const mrkdwn = (text: string, limit: number): types.MrkdwnElement => ({
  type: 'mrkdwn',
  text: cutText(toMrkdwn(text), limit),
});

/**
 * RichMessage -> Block Kit: the title as a header, each section as a section block (heading, body
 * and bullet items in its text, label/value pairs as fields), the context line last. Every text is
 * redacted, escaped, and cut at Slack's limit with a visible pointer.
 */
export function renderMessage(message: RichMessage): SlackMessageContent {
  const text = cutText(toMrkdwn(message.text), SLACK_LIMITS.text);
  const blocks: types.KnownBlock[] = [];
  if (message.title) {
    const title = cutText(toPlainText(message.title), SLACK_LIMITS.headerText);
    blocks.push({ type: 'header', text: { type: 'plain_text', text: title, emoji: true } });
  }
  for (const section of message.sections ?? []) blocks.push(...sectionBlocks(section));
  if (message.context) {
    blocks.push({ type: 'context', elements: [mrkdwn(message.context, SLACK_LIMITS.sectionText)] });
  }
  if (blocks.length === 0) return { text };
  return { text, blocks: capBlocks(blocks) };
}

function sectionBlocks(section: RichSection): types.KnownBlock[] {
  const lines = [
    section.heading ? `*${section.heading}*` : undefined,
    section.body,
    section.items?.map((item) => `• ${item}`).join('\n'),
  ].filter((line): line is string => line !== undefined && line.trim() !== '');
  const fields = (section.fields ?? []).map((f) =>
    mrkdwn(`*${f.label}*\n${f.value}`, SLACK_LIMITS.fieldText),
  );
  const blocks: types.SectionBlock[] = [];
  for (let i = 0; i < Math.max(fields.length, 1); i += SLACK_LIMITS.fieldsPerSection) {
    const chunk = fields.slice(i, i + SLACK_LIMITS.fieldsPerSection);
    const block: types.SectionBlock = { type: 'section' };
    if (i === 0 && lines.length > 0) block.text = mrkdwn(lines.join('\n'), SLACK_LIMITS.sectionText);
    if (chunk.length > 0) block.fields = chunk;
    if (block.text || block.fields) blocks.push(block);
  }
  return blocks;
}

/** At most 50 blocks: the last one left says how many were dropped. */
function capBlocks(blocks: types.KnownBlock[]): types.KnownBlock[] {
  if (blocks.length <= SLACK_LIMITS.blocksPerMessage) return blocks;
  const kept = blocks.slice(0, SLACK_LIMITS.blocksPerMessage - 1);
  const dropped = blocks.length - kept.length;
  kept.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `… (truncated, ${dropped} more sections)` }],
  });
  return kept;
}

/** A command reply or ephemeral note: one mrkdwn text, within the message limit. */
export const renderNote = (text: string): string => cutText(toMrkdwn(text), SLACK_LIMITS.text);
