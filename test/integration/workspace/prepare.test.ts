import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodecotError } from '../../../src/errors.ts';
import { runGit } from '../../fakes/github/index.ts';
import { authFor, filesUnder, rejectionOf, startTestbed, type Testbed } from './testbed.ts';

let bed: Testbed;
const mirrorDir = () => join(bed.dataDir, 'mirrors', 'acme', 'widgets.git');
const uploadPacks = () => bed.fake.gitRequests.filter((request) => request.path.includes('git-upload-pack'));

beforeAll(async () => {
  bed = await startTestbed({ 'README.md': '# Widgets\n', 'src/index.ts': 'export const answer = 42;\n' });
});

afterAll(async () => {
  await bed?.close();
});

describe('prepare', () => {
  it('clones the mirror the first time and checks out a new branch at the base commit', async () => {
    const workspace = await bed.manager.prepare(bed.input('exec-first'));
    expect(workspace).toEqual({
      path: join(bed.dataDir, 'workspaces', 'exec-first'),
      repo: 'acme/widgets',
      branch: 'codecot/exec-first',
      baseBranch: 'main',
      baseSha: bed.repo.headSha,
    });
    expect(await readFile(join(workspace.path, 'src/index.ts'), 'utf8')).toBe('export const answer = 42;\n');
    const git = (...args: string[]) => runGit(args, { cwd: workspace.path });
    expect(await git('symbolic-ref', 'HEAD')).toBe('refs/heads/codecot/exec-first');
    expect(await git('rev-parse', 'HEAD', 'origin/main')).toBe(`${bed.repo.headSha}\n${bed.repo.headSha}`);
    expect(await git('status', '--porcelain')).toBe('');
    expect(await git('remote', 'get-url', 'origin')).toBe(bed.repo.cloneUrl);
    expect(await git('config', 'user.name')).toBe('Codecot');
    expect(await git('config', 'user.email')).toBe('codecot@users.noreply.local');
    expect(await runGit(['--git-dir', mirrorDir(), 'rev-parse', 'refs/heads/main'])).toBe(bed.repo.headSha);
  });

  it('fetches before each run without cloning again, so a new commit on the base is the new base', async () => {
    // A file only the first clone made: a second clone would replace the directory and lose it.
    await writeFile(join(mirrorDir(), 'cloned-once'), 'marker');
    const inode = (await stat(mirrorDir())).ino;
    const requestsBefore = uploadPacks().length;
    const newSha = await bed.fake.pushFiles('acme/widgets', 'main', { 'CHANGELOG.md': '## 1.1\n' });

    const workspace = await bed.manager.prepare(bed.input('exec-second'));

    expect(workspace.baseSha).toBe(newSha);
    expect(await readFile(join(workspace.path, 'CHANGELOG.md'), 'utf8')).toBe('## 1.1\n');
    expect(await runGit(['rev-parse', 'HEAD'], { cwd: workspace.path })).toBe(newSha);
    expect(await readFile(join(mirrorDir(), 'cloned-once'), 'utf8')).toBe('marker');
    expect((await stat(mirrorDir())).ino).toBe(inode);
    // Protocol v2: one ls-refs and one fetch over upload-pack, all with the token in a header.
    const fetchRequests = uploadPacks().slice(requestsBefore);
    expect(fetchRequests.length).toBeGreaterThan(0);
    expect(fetchRequests.every((request) => request.authorized && request.auth === 'basic')).toBe(true);
  });

  it('keeps the token off the disk: not in the mirror config, not anywhere under dataDir', async () => {
    const secrets = [bed.fake.token, authFor(bed.fake.token).configArgs[1]?.split(': Basic ')[1] ?? 'unset'];
    await bed.manager.idle();
    const files = await filesUnder(bed.dataDir);
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const content = await readFile(file);
      for (const secret of secrets) expect(content.includes(secret), `${secret} in ${file}`).toBe(false);
    }
    expect(await readFile(join(mirrorDir(), 'config'), 'utf8')).not.toMatch(/extraheader|authorization/i);
  });

  it('two concurrent prepares of the same repository both succeed and leave the mirror sound', async () => {
    const sha = await bed.fake.pushFiles('acme/widgets', 'main', { 'src/extra.ts': 'export {};\n' });
    const [one, two] = await Promise.all([
      bed.manager.prepare(bed.input('exec-para-1')),
      bed.manager.prepare(bed.input('exec-para-2')),
    ]);
    expect([one.baseSha, two.baseSha]).toEqual([sha, sha]);
    for (const workspace of [one, two]) {
      expect(await runGit(['status', '--porcelain'], { cwd: workspace.path })).toBe('');
      expect(await readFile(join(workspace.path, 'src/extra.ts'), 'utf8')).toBe('export {};\n');
    }
    await runGit(['--git-dir', mirrorDir(), 'fsck', '--no-progress']);
  });
});

describe('prepare failures', () => {
  it('names an unknown base branch in a permanent error and leaves no checkout', async () => {
    const error = await rejectionOf(bed.manager.prepare(bed.input('exec-nobase', { baseBranch: 'develop' })));
    expect(error).toBeInstanceOf(CodecotError);
    expect(error).toMatchObject({ code: 'code_host_error', retryable: false });
    expect((error as Error).message).toContain('"develop" does not exist in acme/widgets');
    await expect(stat(join(bed.dataDir, 'workspaces', 'exec-nobase'))).rejects.toThrow();
  });

  it('a wrong token fails the fetch with an error that carries no token, and leaves no mirror', async () => {
    const other = await bed.fake.createRepo('acme/gadgets');
    const wrong = authFor('ghs_wrongWrongWrong1234567890');
    const error = await rejectionOf(
      bed.manager.prepare(
        bed.input('exec-denied', { repo: 'acme/gadgets', cloneUrl: other.cloneUrl, auth: wrong }),
      ),
    );
    expect(error).toMatchObject({ code: 'code_host_error', retryable: false });
    const message = (error as Error).message;
    expect(message).toContain('fetching acme/gadgets failed: authentication failed');
    for (const secret of ['ghs_wrongWrongWrong1234567890', wrong.configArgs[1] ?? '', bed.fake.token]) {
      expect(message).not.toContain(secret);
    }
    expect(JSON.stringify(error)).not.toContain('ghs_wrong');
    await expect(stat(join(bed.dataDir, 'mirrors', 'acme', 'gadgets.git'))).rejects.toThrow();
  });

  it('a server error is a retryable error', async () => {
    bed.fake.failNext((target) => target.path.startsWith('/git/acme/widgets.git'), { status: 502 });
    const error = await rejectionOf(bed.manager.prepare(bed.input('exec-flaky')));
    expect(error).toMatchObject({ code: 'code_host_error', retryable: true });
    expect((error as Error).message).toMatch(/^fetching acme\/widgets failed: .*502/);
    // The mirror survives a failed fetch and serves the next run.
    const workspace = await bed.manager.prepare(bed.input('exec-after-flaky'));
    expect(workspace.baseSha).toBe(await bed.fake.branchSha('acme/widgets', 'main'));
  });

  it('refuses invalid names and credentials in the clone URL before touching anything', async () => {
    const cases = [
      bed.input('exec-bad-branch', { branch: 'codecot/bad..name' }),
      bed.input('../escape'),
      bed.input('exec-bad-repo', { repo: '../../etc' }),
      bed.input('exec-url', {
        cloneUrl: bed.repo.cloneUrl.replace('://', '://x-access-token:ghs_secret123@'),
      }),
    ];
    for (const input of cases) {
      const error = await rejectionOf(bed.manager.prepare(input));
      expect(error).toMatchObject({ code: 'bad_input' });
      expect((error as Error).message).not.toContain('ghs_secret123');
    }
  });
});
