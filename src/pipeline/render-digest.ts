import type { RichMessage } from '../domain/chat.ts';
import { type DigestContent, type DigestItem, SECTIONS, type SectionName } from './digest-content.ts';

const HEADINGS: Record<SectionName, string> = {
  discussed: 'Discussed',
  decided: 'Decided',
  shipped: 'Shipped',
  failing: 'Failing',
  waiting: 'Waiting',
};

/** A digest stays readable at a glance: each section shows this many items and counts the rest. */
export const ITEMS_PER_SECTION = 10;

/** The digest as a platform-neutral message: one section per non-empty part, each item with its link. */
export function renderDigest(content: DigestContent): RichMessage {
  const filled = SECTIONS.filter((name) => content.sections[name].length > 0);
  const counts = filled.map((name) => `${content.sections[name].length} ${HEADINGS[name].toLowerCase()}`);
  return {
    title: 'Codecot digest',
    text: `Codecot digest: ${counts.join(', ')}.`,
    sections: filled.map((name) => {
      const items = content.sections[name];
      const more = items.length - ITEMS_PER_SECTION;
      return {
        heading: HEADINGS[name],
        items: [
          ...items.slice(0, ITEMS_PER_SECTION).map(itemLine),
          ...(more > 0 ? [`…and ${more} more`] : []),
        ],
      };
    }),
    context: `Since ${minuteOf(content.since)} UTC`,
  };
}

function itemLine(item: DigestItem): string {
  return item.link ? `${item.text} (${item.link})` : item.text;
}

const minuteOf = (iso: string): string => iso.slice(0, 16).replace('T', ' ');
