import { describe, expect, it } from 'vitest';
import { cutPatch, parseNumstat, parseRaw, parseSizes } from '../../../adapters/git-workspace/diff-parse.ts';

const Z = '0'.repeat(40);
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('parseRaw', () => {
  it('reads statuses, modes and new blob ids, renames with their new path', () => {
    const raw = [
      `:000000 100644 ${Z} ${A} A`,
      'src/new file.ts',
      `:100644 000000 ${B} ${Z} D`,
      'gone.txt',
      `:100644 100755 ${A} ${B} M`,
      'run.sh',
      `:100644 100644 ${A} ${B} R091`,
      'old/name.md',
      'new/name.md',
      `:100644 120000 ${A} ${B} T`,
      'link',
      '',
    ].join('\0');
    expect(parseRaw(raw)).toEqual([
      { path: 'src/new file.ts', status: 'added', newMode: '100644', newSha: A },
      { path: 'gone.txt', status: 'deleted', newMode: '000000', newSha: Z },
      { path: 'run.sh', status: 'modified', newMode: '100755', newSha: B },
      { path: 'new/name.md', status: 'renamed', newMode: '100644', newSha: B },
      { path: 'link', status: 'modified', newMode: '120000', newSha: B },
    ]);
    expect(parseRaw('')).toEqual([]);
  });
});

describe('parseNumstat', () => {
  it('reads counts, binary markers and renames keyed by the new path', () => {
    const numstat = ['3\t1\tREADME.md', '-\t-\tlogo.png', '2\t2\t', 'old.md', 'new.md', ''].join('\0');
    const parsed = parseNumstat(numstat);
    expect(parsed.get('README.md')).toEqual({ additions: 3, deletions: 1, binary: false });
    expect(parsed.get('logo.png')).toEqual({ additions: 0, deletions: 0, binary: true });
    expect(parsed.get('new.md')).toEqual({ additions: 2, deletions: 2, binary: false });
    expect(parsed.has('old.md')).toBe(false);
  });
});

describe('parseSizes', () => {
  it('maps object ids to sizes and skips missing objects', () => {
    expect(parseSizes(`${A} 12\n${B} missing\n`)).toEqual(new Map([[A, 12]]));
  });
});

describe('cutPatch', () => {
  const patch = Buffer.from('line one\nline two\nline three\n');

  it('returns a patch within the limit untouched', () => {
    expect(cutPatch(patch, patch.length)).toEqual({ patch: patch.toString(), truncated: false });
  });

  it('cuts at the last complete line within the limit', () => {
    expect(cutPatch(patch, 20)).toEqual({ patch: 'line one\nline two\n', truncated: true });
  });

  it('cuts inside a long line without splitting a multi-byte character', () => {
    const wide = Buffer.from('ééééé');
    const cut = cutPatch(wide, 5);
    expect(cut).toEqual({ patch: 'éé', truncated: true });
    expect(Buffer.byteLength(cut.patch)).toBeLessThanOrEqual(5);
  });
});
