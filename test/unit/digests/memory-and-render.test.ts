import { describe, expect, test } from 'vitest';
import { type DigestContent, formatAge, isEmptyDigest } from '../../../src/pipeline/digest-content.ts';
import { rankMemory } from '../../../src/pipeline/memory-rank.ts';
import { ITEMS_PER_SECTION, renderDigest } from '../../../src/pipeline/render-digest.ts';

const item = (kind: string, text: string) => ({ kind, text });

describe('memory ranking', () => {
  test('items sharing words with the topic come first; conventions always; ties stay newest first', () => {
    const items = [
      item('decision', 'Approved "Add dark mode toggle" (spec v1, by UA)'),
      item('decision', 'Rejected "Retry uploads forever" (spec v1, by UB). Reason: retries must be bounded'),
      item('merged-pr', 'Merged acme/widgets#7: Upload progress bar'),
      item('convention', 'Conventions of acme/widgets (AGENTS.md): run npm test'),
      item('decision', 'Approved "Speed up search" (spec v2, by UA)'),
    ];
    const ranked = rankMemory(items, 'Retry failed uploads', 4).map((i) => i.text);
    expect(ranked).toEqual([items[3]?.text, items[1]?.text, items[2]?.text, items[0]?.text]);
    expect(rankMemory(items, undefined, 2)).toEqual([items[3], items[0]]);
  });

  test('the prompt gets at most the limit', () => {
    const many = Array.from({ length: 40 }, (_, i) => item('decision', `decision ${i}`));
    expect(rankMemory(many, 'anything')).toHaveLength(12);
  });
});

describe('digest rendering', () => {
  const empty = (): DigestContent => ({
    since: '2026-11-24T08:00:00.000Z',
    until: '2026-11-25T08:00:00.000Z',
    sections: { discussed: [], decided: [], shipped: [], failing: [], waiting: [] },
  });

  test('only non-empty sections are shown, long ones are cut with a count', () => {
    const content = empty();
    content.sections.shipped = [{ text: 'Merged acme/widgets#7: x', link: 'https://github.test/pr/7' }];
    content.sections.waiting = Array.from({ length: ITEMS_PER_SECTION + 3 }, (_, i) => ({
      text: `spec ${i}`,
      link: null,
    }));
    const message = renderDigest(content);
    expect(message.text).toBe('Codecot digest: 1 shipped, 13 waiting.');
    expect(message.sections?.map((s) => s.heading)).toEqual(['Shipped', 'Waiting']);
    expect(message.sections?.[0]?.items).toEqual(['Merged acme/widgets#7: x (https://github.test/pr/7)']);
    expect(message.sections?.[1]?.items?.at(-1)).toBe('…and 3 more');
    expect(message.sections?.[1]?.items).toHaveLength(ITEMS_PER_SECTION + 1);
    expect(message.context).toBe('Since 2026-11-24 08:00 UTC');
    expect(isEmptyDigest(content)).toBe(false);
    expect(isEmptyDigest(empty())).toBe(true);
  });

  test('ages read as minutes, hours, then days', () => {
    expect(formatAge(59 * 60_000)).toBe('59m');
    expect(formatAge(5 * 3_600_000 + 1)).toBe('5h');
    expect(formatAge(47 * 3_600_000)).toBe('47h');
    expect(formatAge(72 * 3_600_000)).toBe('3d');
  });
});
