import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeApp, type FakeAppOptions } from './app.ts';
import type { FakeContext } from './context.ts';
import { FaultQueue } from './faults.ts';
import { Router } from './router.ts';
import { registerAppRoutes } from './routes-apps.ts';
import { registerCheckRoutes } from './routes-checks.ts';
import { registerGraphqlRoutes } from './routes-graphql.ts';
import { registerIssueRoutes } from './routes-issues.ts';
import { registerPullRoutes } from './routes-pulls.ts';
import { registerRepoRoutes } from './routes-repos.ts';
import { createFakeServer } from './server.ts';
import { FakeState } from './state.ts';

export interface FakeGitHubOptions {
  /** The only credential the fake accepts (REST and git). Random `ghs_...` when omitted. */
  token?: string;
  /** Login of the token's owner, the author of pulls/comments created through the API. */
  login?: string;
  /** A GitHub App, whose JWTs and installation tokens the fake then accepts. */
  app?: FakeAppOptions;
  /** False: the personal token is refused, so only the App's installation tokens work. */
  acceptToken?: boolean;
}

export interface BootedFake {
  tempRoot: string;
  reposRoot: string;
  server: Server;
  context: FakeContext;
  faults: FaultQueue;
  token: string;
  app: FakeApp | undefined;
}

/** Wires state, routes and the HTTP server, listening on 127.0.0.1 with an OS-assigned port. */
export async function bootFakeGitHub(options: FakeGitHubOptions): Promise<BootedFake> {
  const tempRoot = await mkdtemp(join(tmpdir(), 'fake-github-'));
  const reposRoot = join(tempRoot, 'repos');
  await mkdir(reposRoot);
  const token = options.token ?? `ghs_fake${randomBytes(12).toString('hex')}`;
  const urls = { web: '', api: '', git: '' };
  const context: FakeContext = { state: new FakeState(), urls, login: options.login ?? 'codecot-bot' };
  const router = new Router();
  for (const register of [
    registerRepoRoutes,
    registerPullRoutes,
    registerIssueRoutes,
    registerCheckRoutes,
    registerGraphqlRoutes,
  ]) {
    register(router, context);
  }
  const app = options.app ? new FakeApp(options.app) : undefined;
  if (app) registerAppRoutes(router, context, app);
  const faults = new FaultQueue();
  const server = createFakeServer({
    state: context.state,
    faults,
    router,
    tokens: new Set(options.acceptToken === false ? [] : [token]),
    reposRoot,
    authorize: app ? (path, headers) => app.authorize(path, headers) : undefined,
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(urls, { web: origin, api: origin, git: `${origin}/git` });
  return { tempRoot, reposRoot, server, context, faults, token, app };
}

/** Stops the server (dropping the keep-alive sockets fetch holds) and deletes every repository. */
export async function shutdownFakeGitHub(fake: BootedFake): Promise<void> {
  const closed = once(fake.server, 'close');
  fake.server.close();
  fake.server.closeAllConnections();
  await closed;
  await rm(fake.tempRoot, { recursive: true, force: true });
}
