/** What the draft prompt shows of the memory: this many items, most relevant first. */
export const MEMORY_IN_PROMPT = 12;

/** Words of 4+ letters, with a plural `s` dropped so `uploads` meets `upload`. */
const words = (text: string): Set<string> =>
  new Set(
    (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
      .filter((w) => w.length >= 4)
      .map((w) => w.replace(/s$/, '')),
  );

/**
 * Orders memory for a work item: a repository's conventions always apply; other items by how many
 * words (4+ letters) they share with the topic; ties keep the given order (newest first).
 */
export function rankMemory<T extends { kind: string; text: string }>(
  items: readonly T[],
  topic: string | undefined,
  limit = MEMORY_IN_PROMPT,
): T[] {
  const wanted = words(topic ?? '');
  const score = (item: T) => {
    if (item.kind === 'convention') return Number.POSITIVE_INFINITY;
    let shared = 0;
    for (const word of words(item.text)) if (wanted.has(word)) shared += 1;
    return shared;
  };
  return items
    .map((item, index) => ({ item, index, score: score(item) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit)
    .map((ranked) => ranked.item);
}
