/**
 * Cuts `text` into chunks of at most `max` characters, preferring line breaks, then spaces, so a log or a
 * spec reads naturally across parts; a single over-long word is cut hard. Nothing is dropped except the
 * one separator a chunk was cut at.
 */
export function splitText(text: string, max: number): string[] {
  if (max < 1) throw new RangeError('max must be positive');
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    const cut = bestCut(window, max);
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks.filter((chunk, index) => chunk !== '' || index === 0);
}

function bestCut(window: string, max: number): number {
  const newline = window.lastIndexOf('\n');
  if (newline > max / 2) return newline;
  const space = window.lastIndexOf(' ');
  if (space > max / 2) return space;
  // Never split a surrogate pair (an emoji) in half.
  const code = window.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

/** `text` when it fits, else its start plus `pointer` (which says where the rest went), within `max`. */
export function cut(text: string, max: number, pointer: string): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - pointer.length)).trimEnd()}${pointer}`.slice(0, max);
}
