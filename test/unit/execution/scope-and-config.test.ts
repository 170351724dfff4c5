import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { branchName } from '../../../src/domain/branch.ts';
import { isCodecotError } from '../../../src/errors.ts';
import { loadRepoChecks } from '../../../src/pipeline/repo-checks.ts';
import { checkScope, scopeFlags } from '../../../src/pipeline/scope-check.ts';
import type { ChangedFile } from '../../../src/ports/workspaces.ts';
import { specBody } from '../../helpers/pipeline.ts';

const file = (path: string, extra: Partial<ChangedFile> = {}): ChangedFile => ({
  path,
  status: 'modified',
  additions: 3,
  deletions: 1,
  binary: false,
  bytes: 100,
  ...extra,
});

describe('scope check', () => {
  test('files outside the spec scope, secrets, binaries and oversized files are flagged', () => {
    const body = { ...specBody('x'), scope: ['src/upload.ts', 'test/ (upload tests)', 'docs/**/*.md'] };
    const patch =
      '+++ b/src/upload.ts\n+const key = "ghp_1234567890abcdefghijABCDEFGHIJ123456";\n+++ b/test/upload.test.ts\n+ok';
    const report = checkScope(
      {
        files: [
          file('src/upload.ts'),
          file('test/upload.test.ts'),
          file('docs/guide/retry.md'),
          file('src/billing.ts'),
          file('logo.png', { binary: true }),
          file('test/big.json', { additions: 5_000 }),
        ],
        patch,
        truncated: false,
      },
      body,
    );
    expect(report.outOfScope).toEqual(['src/billing.ts', 'logo.png']);
    expect(report.secrets).toEqual(['src/upload.ts']);
    expect(report.binary).toEqual(['logo.png']);
    expect(report.oversized).toEqual(['test/big.json']);
    expect(scopeFlags(report).join('\n')).toMatch(/outside the spec's scope: src\/billing.ts, logo.png/);
  });

  test('a scope in prose cannot be checked, and says so instead of flagging everything', () => {
    const report = checkScope(
      { files: [file('src/a.ts')], patch: '', truncated: false },
      { ...specBody('x'), scope: ['the upload module'] },
    );
    expect(report).toMatchObject({ scopeHasPaths: false, outOfScope: [] });
  });
});

describe('repository checks', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const repo = (files: Record<string, string>) => {
    dir = mkdtempSync(join(tmpdir(), 'codecot-checks-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };

  test('.codecot.yml lists setup and validate commands', async () => {
    const checks = await loadRepoChecks(
      repo({
        '.codecot.yml':
          'setup:\n  - npm ci\nvalidate:\n  - name: unit\n    run: npm test\n  - npm run lint\ntimeout_seconds: 60\nsetup_hosts: [registry.npmjs.org]\n',
      }),
    );
    expect(checks).toEqual({
      setup: [{ name: 'npm ci', run: 'npm ci' }],
      validate: [
        { name: 'unit', run: 'npm test' },
        { name: 'npm run lint', run: 'npm run lint' },
      ],
      timeoutSeconds: 60,
      setupHosts: ['registry.npmjs.org'],
      source: '.codecot.yml',
    });
  });

  test('without one, the test, lint and typecheck scripts of package.json', async () => {
    const checks = await loadRepoChecks(
      repo({
        'package.json': JSON.stringify({ scripts: { test: 'node --test', build: 'x', typecheck: 'tsc' } }),
      }),
    );
    expect(checks.validate.map((c) => c.name)).toEqual(['test', 'typecheck']);
    expect(checks.source).toBe('package.json');
  });

  test('a malformed .codecot.yml is a clear error, not a silent skip', async () => {
    const error = await loadRepoChecks(repo({ '.codecot.yml': 'validate: 12\n' })).catch((e: unknown) => e);
    expect(isCodecotError(error, 'bad_input')).toBe(true);
    expect((error as Error).message).toMatch(/\.codecot\.yml is not valid: validate/);
    const yaml = await loadRepoChecks(repo({ '.codecot.yml': 'validate: [unclosed\n' })).catch(
      (e: unknown) => e,
    );
    expect((yaml as Error).message).toMatch(/not valid YAML/);
  });
});

test('branch names are short, readable and valid', () => {
  expect(branchName('0f1e2d3c-aaaa-4bbb-8ccc-123456789abc', 'Add retries to the uploader!')).toBe(
    'codecot/0f1e2d3c-add-retries-to-the-uploader',
  );
  expect(branchName('0f1e2d3c-aaaa', 'Ünïcödé — émojis 🚀 and   spaces')).toBe(
    'codecot/0f1e2d3c-unicode-emojis-and-spaces',
  );
  expect(branchName('0f1e2d3c', '🚀🚀')).toBe('codecot/0f1e2d3c-change');
  const long = branchName('0f1e2d3c', 'a very long title that goes on and on and on beyond forty characters');
  expect(long.length).toBeLessThanOrEqual('codecot/0f1e2d3c-'.length + 40);
  expect(long).not.toMatch(/[-.]$/);
});
