import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');
/** The composition root is the one file allowed to build adapters. */
const COMPOSITION_ROOT = 'main.ts';
const FORBIDDEN = [
  /from ['"](\.\.\/)+adapters\//,
  /from ['"]@slack\/bolt['"]/,
  /from ['"]discord\.js['"]/,
  /from ['"]@octokit\//,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('src/ never imports adapters or platform SDKs (only the composition root builds adapters)', () => {
  const files = sourceFiles(SRC);
  expect(files.length).toBeGreaterThan(10);
  const offenders = files
    .filter((file) => relative(SRC, file) !== COMPOSITION_ROOT)
    .flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return FORBIDDEN.filter((pattern) => pattern.test(text)).map(
        (pattern) => `${relative(SRC, file)} matches ${pattern}`,
      );
    });
  expect(offenders).toEqual([]);
});

test('the boundary check itself catches a forbidden import', () => {
  const sample = "import { App } from '@slack/bolt';\nimport { x } from '../../adapters/slack/index.ts';";
  expect(FORBIDDEN.filter((p) => p.test(sample))).toHaveLength(2);
});

test('only src/config.ts reads process.env', () => {
  const readers = sourceFiles(SRC)
    .filter((file) => /process\.env/.test(readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '')))
    .map((file) => relative(SRC, file));
  expect(readers).toEqual(['config.ts']);
});
