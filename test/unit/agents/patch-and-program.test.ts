import { describe, expect, test } from 'vitest';
import { patchTargets } from '../../../adapters/agents/builtin/apply-patch.ts';
import { programName } from '../../../adapters/agents/external/program-name.ts';

describe('patchTargets', () => {
  test('git-style diffs strip a/ and b/ and list every file', () => {
    const patch = [
      'diff --git a/src/add.js b/src/add.js',
      '--- a/src/add.js',
      '+++ b/src/add.js',
      '@@ -1 +1 @@',
      '--- not a header: a removed SQL comment',
      '+++ nor this',
      '-old',
      '+new',
      'diff --git a/docs/new.md b/docs/new.md',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/docs/new.md',
      '@@ -0,0 +1 @@',
      '+hello',
    ].join('\n');
    expect(patchTargets(patch)).toEqual({ paths: ['src/add.js', 'docs/new.md'], strip: 1 });
  });

  test('bare paths keep strip 0, so ../ in them is seen and rejected later', () => {
    expect(patchTargets('--- ../outside.txt\n+++ ../outside.txt\n@@ -1 +1 @@\n-a\n+b\n')).toEqual({
      paths: ['../outside.txt'],
      strip: 0,
    });
  });

  test('renames report both names', () => {
    const patch =
      'diff --git a/old.txt b/new.txt\nsimilarity index 100%\nrename from old.txt\nrename to new.txt\n';
    expect(patchTargets(patch).paths).toEqual(['old.txt', 'new.txt']);
  });

  test('symlinks, quoted paths and non-diffs are refused', () => {
    const link = 'diff --git a/l b/l\nnew file mode 120000\n--- /dev/null\n+++ b/l\n@@ -0,0 +1 @@\n+/etc\n';
    expect(() => patchTargets(link)).toThrow(/symlinks/);
    expect(() => patchTargets('--- "a/x y"\n+++ "b/x y"\n@@ -1 +1 @@\n')).toThrow(/quoted/);
    expect(() => patchTargets('just some text')).toThrow(/not a unified diff/);
  });
});

describe('programName', () => {
  test.each([
    ['claude -p "$(cat $CODECOT_SPEC_FILE)"', 'claude'],
    ['ANTHROPIC_API_KEY=sk-secret /usr/local/bin/codex exec --full-auto', 'codex'],
    ['npx -y @anthropic-ai/claude-code@latest -p x', 'claude-code'],
    ['env FOO=1 aider --yes', 'aider'],
    ['pnpm dlx my-agent', 'my-agent'],
    ['', 'agent'],
  ])('%s -> %s', (command, expected) => {
    expect(programName(command)).toBe(expected);
  });
});
