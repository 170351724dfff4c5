import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, secretsOf } from '../../../src/config.ts';
import { redact, registerSecrets } from '../../../src/redact.ts';
import { APP_ID, type AppSetup, startAppGitHub } from './app-harness.ts';
import { REPO } from './harness.ts';

let gh: AppSetup;
beforeAll(async () => {
  gh = await startAppGitHub();
  // As src/main.ts does: the configured secrets first (the key), then each token as the App mints it.
  const env = {
    GITHUB_APP_ID: String(APP_ID),
    GITHUB_APP_PRIVATE_KEY: gh.privateKey.replaceAll('\n', '\\n'),
  };
  registerSecrets(secretsOf(loadConfig(env)));
}, 60_000);
afterAll(async () => {
  registerSecrets([]);
  await gh?.close();
});

describe('GitHub App secrets', () => {
  it('never shows the private key or an installation token in logs or errors', async () => {
    const host = gh.host();
    const auth = await host.gitAuth(REPO);
    await host.getRepository(REPO);
    const errors = await Promise.all([
      host.getRepository('acme/no-such-repo').catch((error: unknown) => error),
      host
        .openPullRequest({
          repo: REPO,
          head: 'never-pushed',
          base: 'main',
          title: 't',
          body: 'b',
          draft: false,
        })
        .catch((error: unknown) => error),
    ]);
    const tokens = gh.app.issued.map((issued) => issued.token);
    expect(tokens.length).toBeGreaterThan(0);
    // No pattern knows these tokens: only their registration as they are minted can mask them.
    for (const token of tokens) expect(redact(token, [])).toBe(token);

    for (const error of errors) gh.logger.error({ err: error }, 'GitHub failed');
    gh.logger.info({ auth }, 'git auth');
    gh.logger.info(`tokens ${tokens.join(' ')} and key ${gh.privateKey}`);
    const keyLines = gh.privateKey
      .split('\n')
      .filter((line) => line.length > 20 && !line.startsWith('-----'));
    const logs = gh.logs.join('\n');
    const errorText = errors.map((error) => `${String(error)} ${(error as Error).stack}`).join('\n');
    expect(errors.every((error) => error instanceof Error)).toBe(true);
    expect(logs).toContain('[REDACTED]');
    for (const secret of [...gh.tokenForms(), ...keyLines]) {
      expect(logs).not.toContain(secret);
      expect(errorText).not.toContain(secret);
    }
  });
});
