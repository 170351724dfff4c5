import type { Config } from '../../src/config.ts';
import type { Logger } from '../../src/logger.ts';
import type { CodeHost } from '../../src/ports/code-host.ts';
import type { LocalGitCodeHost, LocalPullRecord } from '../local-git/index.ts';
import { playgroundEnabled, SAMPLE_REPO, withPlaygroundDefaults } from './defaults.ts';
import { seedSampleRepository } from './sample-repo.ts';

/**
 * The configuration Codecot runs with: unchanged when the playground is off; otherwise with the
 * playground's defaults, and the sample repository seeded on first run. A seed that fails is logged
 * and start-up goes on: chat, specs and the dashboard work without it.
 */
export async function prepareConfig(config: Config, logger: Logger): Promise<Config> {
  if (!playgroundEnabled(config)) return config;
  const effective = withPlaygroundDefaults(config);
  if (effective.localGitRoot && effective.defaultRepo === SAMPLE_REPO) {
    await seedSampleRepository({ root: effective.localGitRoot, fullName: SAMPLE_REPO, logger }).catch(
      (error: unknown) => logger.error({ err: error }, 'the sample repository could not be created'),
    );
  }
  return effective;
}

/** Where a person opens Codecot: a wildcard bind address is reached through loopback. */
export function publicBaseUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
}

/** The local-git host's pull request records for the dashboard; undefined for other code hosts. */
export function localPullsOf(codeHost: CodeHost | undefined): (() => Promise<LocalPullRecord[]>) | undefined {
  if (!codeHost || !('listPullRequests' in codeHost)) return undefined;
  const local = codeHost as LocalGitCodeHost;
  return () => local.listPullRequests();
}
