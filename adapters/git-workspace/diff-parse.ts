import type { ChangedFile } from '../../src/ports/workspaces.ts';

export interface RawEntry {
  path: string;
  status: ChangedFile['status'];
  newMode: string;
  newSha: string;
}

const STATUS: Record<string, ChangedFile['status']> = {
  A: 'added',
  C: 'added',
  D: 'deleted',
  M: 'modified',
  T: 'modified',
  R: 'renamed',
};

/** `git diff --raw -z`: `:oldmode newmode oldsha newsha STATUS\0path\0` (two paths for renames/copies). */
export function parseRaw(output: string): RawEntry[] {
  const fields = output.split('\0');
  const entries: RawEntry[] = [];
  for (let i = 0; i < fields.length - 1; ) {
    const [, newMode = '', , newSha = '', code = ''] = (fields[i] ?? '').slice(1).split(' ');
    const letter = code.charAt(0);
    const twoPaths = letter === 'R' || letter === 'C';
    const path = fields[i + (twoPaths ? 2 : 1)] ?? '';
    entries.push({ path, status: STATUS[letter] ?? 'modified', newMode, newSha });
    i += twoPaths ? 3 : 2;
  }
  return entries;
}

export interface NumstatEntry {
  additions: number;
  deletions: number;
  binary: boolean;
}

/** `git diff --numstat -z`: `adds\tdels\tpath\0`, or `adds\tdels\t\0old\0new\0` for a rename; `-` for binary. */
export function parseNumstat(output: string): Map<string, NumstatEntry> {
  const fields = output.split('\0');
  const byPath = new Map<string, NumstatEntry>();
  for (let i = 0; i < fields.length - 1; ) {
    const [adds = '', dels = '', inlinePath = ''] = (fields[i] ?? '').split('\t');
    const renamed = inlinePath === '';
    const path = renamed ? (fields[i + 2] ?? '') : inlinePath;
    const binary = adds === '-' || dels === '-';
    byPath.set(path, { additions: binary ? 0 : Number(adds), deletions: binary ? 0 : Number(dels), binary });
    i += renamed ? 3 : 1;
  }
  return byPath;
}

/** `git cat-file --batch-check='%(objectname) %(objectsize)'` lines; missing objects are left out. */
export function parseSizes(output: string): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const line of output.split('\n')) {
    const [sha = '', size = ''] = line.split(' ');
    if (/^\d+$/.test(size)) sizes.set(sha, Number(size));
  }
  return sizes;
}

/** A patch cut to at most `maxBytes`, at the end of a line when one is in reach, never inside a character. */
export function cutPatch(patch: Buffer, maxBytes: number): { patch: string; truncated: boolean } {
  if (patch.length <= maxBytes) return { patch: patch.toString('utf8'), truncated: false };
  const head = patch.subarray(0, Math.max(0, maxBytes));
  const lastNewline = head.lastIndexOf(0x0a);
  const cut = lastNewline >= 0 ? head.subarray(0, lastNewline + 1) : head;
  // A multi-byte character split at the end decodes to U+FFFD; drop it rather than emit garbage.
  return { patch: cut.toString('utf8').replace(/\uFFFD$/, ''), truncated: true };
}
