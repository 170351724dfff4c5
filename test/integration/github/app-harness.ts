import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import type { InstallationTokenOptions } from '../../../adapters/github/app-auth.ts';
import { secretForms } from '../../../adapters/github/auth.ts';
import { createGitHubAppCodeHost } from '../../../adapters/github/index.ts';
import { createLogger, type Logger } from '../../../src/logger.ts';
import type { CodeHost } from '../../../src/ports/code-host.ts';
import { addSecrets } from '../../../src/redact.ts';
import type { CodeHostHarness } from '../../contract/code-host.contract.ts';
import { type FakeApp, FakeGitHub } from '../../fakes/github/index.ts';
import { REPO, SEED } from './harness.ts';

export const APP_ID = 4242;
export const OTHER_REPO = 'globex/gadgets';
export const INSTALLATIONS = { [REPO]: 11, [OTHER_REPO]: 22 } as const;

/** An RSA key pair as GitHub hands it out (PKCS#1 private key), generated per test file. */
export function appKeyPair() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
}

export interface AppSetup {
  fake: FakeGitHub;
  app: FakeApp;
  privateKey: string;
  logs: string[];
  logger: Logger;
  /** A host authenticated as the App (per-repository installation lookup unless told otherwise). */
  host(options?: Partial<InstallationTokenOptions>): CodeHost;
  /** Every issued token in every form it travels in. */
  tokenForms(): string[];
  close(): Promise<void>;
}

/**
 * A fake GitHub that refuses personal tokens and knows one App, installed on REPO (installation 11) and
 * OTHER_REPO (22), with the real adapter (Octokit + @octokit/auth-app) pointed at it as main.ts wires it.
 */
export async function startAppGitHub(): Promise<AppSetup> {
  const keys = appKeyPair();
  const fake = await FakeGitHub.start({ acceptToken: false, app: { id: APP_ID, publicKey: keys.publicKey } });
  const app = fake.app as FakeApp;
  for (const repo of [REPO, OTHER_REPO] as const) {
    await fake.createRepo(repo, { defaultBranch: 'main', files: SEED });
    app.install({ id: INSTALLATIONS[repo], account: repo.split('/')[0] ?? '', repositories: [repo] });
  }
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger('debug', sink);
  // As src/main.ts builds it: each token is registered for redaction as it is minted.
  const host = (options: Partial<InstallationTokenOptions> = {}) =>
    createGitHubAppCodeHost({
      appId: String(APP_ID),
      privateKey: keys.privateKey,
      apiUrl: fake.url,
      logger,
      onSecrets: addSecrets,
      ...options,
    });
  return {
    fake,
    app,
    privateKey: keys.privateKey,
    logs,
    logger,
    host,
    tokenForms: () => app.issued.flatMap((issued) => secretForms(issued.token)),
    close: () => fake.close(),
  };
}

/** The CodeHost contract's harness with the App host in place of the personal-token one. */
export async function githubAppHarness(): Promise<CodeHostHarness> {
  const setup = await startAppGitHub();
  return {
    host: setup.host(),
    repo: REPO,
    missingRepo: 'acme/no-such-repo',
    get secrets() {
      return [...setup.tokenForms(), setup.privateKey];
    },
    pulls: async () =>
      setup.fake
        .pulls(REPO)
        .map((pull) => ({ number: pull.number, head: pull.headRef, draft: pull.draft, body: pull.body })),
    comments: async (number) => setup.fake.comments(REPO, number).map((comment) => comment.body),
    close: setup.close,
  };
}
