/** Longest slug after `codecot/<id>-`, so branch lists and PR pages stay readable. */
const MAX_SLUG = 40;

/** Letters NFKD does not decompose into ASCII, spelled the way people transliterate them. */
const FOLD: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
};

/** `codecot/<first 8 characters of the id>-<slug of the title>`: readable, and always a valid branch name. */
export function branchName(executionId: string, title: string): string {
  const shortId =
    executionId
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 8) || 'run';
  return `codecot/${shortId}-${slugOf(title) || 'change'}`;
}

/** Lowercase ASCII words joined by `-`, at most `max` characters, cut at a word boundary when one is near. */
export function slugOf(text: string, max = MAX_SLUG): string {
  const ascii = text
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{ASCII}]/gu, (char) => FOLD[char] ?? ' ');
  const slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max);
  const lastDash = cut.lastIndexOf('-');
  const midWord = slug[max] !== '-';
  return (midWord && lastDash >= max / 2 ? cut.slice(0, lastDash) : cut).replace(/-+$/, '');
}

/**
 * The rules of `git check-ref-format --branch`, checked without spawning git, so a bad name in a
 * PrepareInput is refused before any work starts.
 */
export function isValidBranchName(name: string): boolean {
  if (name.length === 0 || name.length > 200 || name.startsWith('-') || name === '@') return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what git forbids
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name) || name.includes('..') || name.includes('@{')) return false;
  if (name.endsWith('/') || name.endsWith('.') || name.includes('//')) return false;
  return name.split('/').every((part) => !part.startsWith('.') && !part.endsWith('.lock'));
}
