import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { branchName, isValidBranchName, slugOf } from '../../src/domain/branch.ts';

const execFileAsync = promisify(execFile);

/** git's own verdict, the reference isValidBranchName and branchName are held to. */
async function gitAccepts(name: string): Promise<boolean> {
  return execFileAsync('git', ['check-ref-format', '--branch', name]).then(
    () => true,
    () => false,
  );
}

const UUID = '3f2a9c1e-7b4d-4e0a-9c55-0123456789ab';

describe('branchName', () => {
  it('joins the first 8 characters of the id and a lowercase ascii slug of the title', () => {
    expect(branchName(UUID, 'Retry uploads with exponential backoff')).toBe(
      'codecot/3f2a9c1e-retry-uploads-with-exponential-backoff',
    );
  });

  it('transliterates accents and letters NFKD leaves alone, drops what has no ascii form', () => {
    expect(slugOf('Crème brûlée für Straße & Øresund')).toBe('creme-brulee-fur-strasse-oresund');
    expect(slugOf('ﬁx Ｆｕｌｌｗｉｄｔｈ İstanbul')).toBe('fix-fullwidth-istanbul');
    expect(slugOf('修复 登录 🐛 bug')).toBe('bug');
    expect(branchName(UUID, '日本語のタイトル')).toBe('codecot/3f2a9c1e-change');
  });

  it('turns punctuation and git-special characters into single dashes', () => {
    expect(slugOf('  Fix: the "export" (CSV) -- drops rows!!  ')).toBe('fix-the-export-csv-drops-rows');
    expect(slugOf('a..b@{c}~d^e:f?g*h[i]\\j/k.lock')).toBe('a-b-c-d-e-f-g-h-i-j-k-lock');
  });

  it('keeps very long titles to 40 characters, cut between words, never ending in a dash', () => {
    const slug = slugOf('Add a dark mode toggle to the settings page and store it per user in the profile');
    expect(slug).toBe('add-a-dark-mode-toggle-to-the-settings');
    const oneWord = slugOf('x'.repeat(100));
    expect(oneWord).toBe('x'.repeat(40));
    for (let cut = 30; cut < 50; cut += 1) {
      const generated = slugOf(`${'ab-'.repeat(cut)}tail`);
      expect(generated.length).toBeLessThanOrEqual(40);
      expect(generated).not.toMatch(/[-.]$/);
    }
  });

  it('always produces a name git accepts as a branch', async () => {
    const titles = ['', '.', '-', '..lock', 'Ünïcödé', '@{-1}', 'a'.repeat(300), '🙂🙂', 'HEAD', 'x.lock'];
    for (const title of titles) {
      const name = branchName(title.length > 0 ? title : 'id', title);
      expect(await gitAccepts(name), name).toBe(true);
      expect(isValidBranchName(name), name).toBe(true);
    }
  });
});

describe('isValidBranchName', () => {
  it('agrees with git check-ref-format --branch', async () => {
    const names = [
      'main',
      'codecot/abc-def',
      'feature/x.y',
      'release-1.2',
      'a..b',
      'a/.b',
      'a.lock',
      'a/b.lock/c',
      'a b',
      'a~b',
      'a^b',
      'a:b',
      'a?b',
      'a*b',
      'a[b',
      'a\\b',
      'a@{b',
      'a/',
      'a//b',
      'a.',
      '-a',
      '',
    ];
    for (const name of names) expect(isValidBranchName(name), name).toBe(await gitAccepts(name));
  });

  it('is stricter than git where git reads a name as a shorthand', () => {
    // `git check-ref-format --branch @` answers with HEAD's branch; as a new branch it only confuses.
    expect(isValidBranchName('@')).toBe(false);
  });
});
