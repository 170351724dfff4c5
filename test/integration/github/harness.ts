import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { basicCredential } from '../../../adapters/github/auth.ts';
import { createGitHubCodeHost } from '../../../adapters/github/index.ts';
import { createLogger } from '../../../src/logger.ts';
import type { CodeHost } from '../../../src/ports/code-host.ts';
import type { CodeHostHarness } from '../../contract/code-host.contract.ts';
import { type CreatedRepo, FakeGitHub } from '../../fakes/github/index.ts';

export const REPO = 'acme/widgets';
export const SEED = { 'README.md': '# Widgets\n', 'docs/guide.md': 'Guide\n' };

export interface GitHubSetup {
  fake: FakeGitHub;
  created: CreatedRepo;
  host: CodeHost;
  /** Every log line the adapter wrote (debug level, so request logs are included). */
  logs: string[];
  /** The token and the Basic credential git sends. */
  secrets: string[];
  close(): Promise<void>;
}

/** A fake GitHub with one seeded repository and the real adapter (real Octokit) pointed at it. */
export async function startGitHub(options: { enterprise?: boolean } = {}): Promise<GitHubSetup> {
  // A token no redaction pattern knows, so only the adapter's own scrubbing can keep it out of errors.
  const fake = await FakeGitHub.start({ token: `plain-${randomBytes(12).toString('hex')}` });
  const created = await fake.createRepo(REPO, { defaultBranch: 'main', files: SEED });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const host = createGitHubCodeHost({
    token: fake.token,
    apiUrl: options.enterprise ? fake.enterpriseUrl : fake.url,
    logger: createLogger('debug', sink),
  });
  return {
    fake,
    created,
    host,
    logs,
    secrets: [fake.token, basicCredential(fake.token)],
    close: () => fake.close(),
  };
}

export async function githubHarness(): Promise<CodeHostHarness> {
  const setup = await startGitHub();
  return {
    host: setup.host,
    repo: REPO,
    missingRepo: 'acme/no-such-repo',
    secrets: setup.secrets,
    pulls: async () =>
      setup.fake
        .pulls(REPO)
        .map((pull) => ({ number: pull.number, head: pull.headRef, draft: pull.draft, body: pull.body })),
    comments: async (number) => setup.fake.comments(REPO, number).map((comment) => comment.body),
    close: () => setup.fake.close(),
  };
}
