import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import { createLocalGitCodeHost } from '../../../adapters/local-git/index.ts';
import {
  PLAYGROUND_APPROVER,
  playgroundEnabled,
  playgroundNotices,
  SAMPLE_REPO,
  withPlaygroundDefaults,
} from '../../../adapters/playground/defaults.ts';
import { seedSampleRepository } from '../../../adapters/playground/sample-repo.ts';
import { prepareConfig, publicBaseUrl } from '../../../adapters/playground/setup.ts';
import { loadConfig } from '../../../src/config.ts';

const logger = pino({ level: 'silent' });
const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'codecot-pg-setup-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the playground as the default', () => {
  test('it runs when neither Slack nor Discord is configured, unless turned off', () => {
    expect(playgroundEnabled(loadConfig({}))).toBe(true);
    expect(playgroundEnabled(loadConfig({ CODECOT_PLAYGROUND: 'off' }))).toBe(false);
    expect(playgroundEnabled(loadConfig({ DISCORD_TOKEN: 'x' }))).toBe(false);
    expect(playgroundEnabled(loadConfig({ DISCORD_TOKEN: 'x', CODECOT_PLAYGROUND: 'on' }))).toBe(true);
  });

  test('its defaults fill only what the operator left unset', () => {
    const filled = withPlaygroundDefaults(loadConfig({ CODECOT_DATA_DIR: '/srv/codecot' }));
    expect(filled).toMatchObject({
      approvers: [PLAYGROUND_APPROVER],
      defaultRepo: SAMPLE_REPO,
      localGitRoot: '/srv/codecot/repos',
    });
    const own = withPlaygroundDefaults(
      loadConfig({
        CODECOT_APPROVERS: 'local:ann',
        CODECOT_DEFAULT_REPO: 'me/app',
        CODECOT_LOCAL_GIT_ROOT: '/git',
      }),
    );
    expect(own).toMatchObject({ approvers: ['local:ann'], defaultRepo: 'me/app', localGitRoot: '/git' });
    const github = withPlaygroundDefaults(loadConfig({ GITHUB_TOKEN: 'ghp_x' }));
    expect(github).toMatchObject({ defaultRepo: undefined, localGitRoot: undefined });
    expect(Object.isFrozen(filled)).toBe(true);
  });

  test('without a model the banner says exactly what to set; with one and executions, nothing', () => {
    const [banner] = playgroundNotices(loadConfig({}), false);
    for (const setting of [
      'OPENAI_BASE_URL=http://localhost:11434/v1',
      'CODECOT_MODEL=llama3.1',
      'CODECOT_MODEL_API=chat',
      'OPENAI_API_KEY',
    ])
      expect(banner).toContain(setting);
    const withModel = loadConfig({ OPENAI_BASE_URL: 'http://localhost:11434/v1' });
    expect(playgroundNotices(withModel, true)).toEqual([]);
    expect(playgroundNotices(withModel, false)[0]).toMatch(/Executions are disabled/);
    expect(publicBaseUrl('0.0.0.0', 3000)).toBe('http://127.0.0.1:3000');
  });

  test('the sample repository is seeded once, as a bare repository with one commit whose tests pass', async () => {
    const data = scratch();
    const settings = await prepareConfig(loadConfig({ CODECOT_DATA_DIR: data }), logger);
    const root = join(data, 'repos');
    expect(settings.localGitRoot).toBe(root);
    const bare = join(root, 'local/widgets.git');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: bare, encoding: 'utf8' }).trim();
    expect(git('rev-parse', '--is-bare-repository')).toBe('true');
    expect(git('rev-list', '--count', 'main')).toBe('1');
    expect(git('ls-tree', '-r', '--name-only', 'main').split('\n')).toEqual(
      expect.arrayContaining([
        '.codecot.yml',
        'AGENTS.md',
        'package.json',
        'src/math.js',
        'test/math.test.js',
      ]),
    );
    expect(await seedSampleRepository({ root, fullName: SAMPLE_REPO, logger })).toMatchObject({
      created: false,
    });
    expect(git('rev-list', '--count', 'main')).toBe('1');

    const host = createLocalGitCodeHost({ root, logger });
    expect(await host.getRepository(SAMPLE_REPO)).toMatchObject({ defaultBranch: 'main' });
    expect(await host.readFile(SAMPLE_REPO, '.codecot.yml')).toContain('node --test');

    const checkout = join(scratch(), 'checkout');
    execFileSync('git', ['clone', '--quiet', bare, checkout]);
    const run = execFileSync('node', ['--test'], { cwd: checkout, encoding: 'utf8' });
    expect(run).toMatch(/pass 4/);
    expect(run).toMatch(/fail 0/);
  });
});
