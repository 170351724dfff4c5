import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gitAuthArgs } from '../../adapters/github/auth.ts';
import type { E2EWorld } from '../e2e/world.ts';
import type { FakeSlack } from '../fakes/slack/index.ts';

const run = promisify(execFile);

// Everything Codecot sent out, collected from the fakes and its own HTTP server, as labelled texts.

export interface Outbound {
  where: string;
  text: string;
}

/** Every Slack Web API call the bot made (posts, edits, ephemerals, reactions): its arguments. */
export function slackOutbound(fake: FakeSlack): Outbound[] {
  return fake.calls.map((call, i) => ({
    where: `slack ${call.method} #${i}`,
    text: JSON.stringify(call.args),
  }));
}

/** Every REST request body, pull request title and body, and comment the fake GitHub received. */
export function githubOutbound(world: E2EWorld, repo: string): Outbound[] {
  return [
    ...world.github.requests.map((r, i) => ({
      where: `github ${r.method} ${r.path} #${i}`,
      text: `${r.path} ${JSON.stringify(r.query)} ${JSON.stringify(r.body ?? null)}`,
    })),
    ...world.github
      .pulls(repo)
      .flatMap((pull) => [
        { where: `pull #${pull.number} title`, text: pull.title },
        { where: `pull #${pull.number} body`, text: pull.body ?? '' },
        ...world.github
          .comments(repo, pull.number)
          .map((c) => ({ where: `pull #${pull.number} comment ${c.id}`, text: c.body })),
      ]),
  ];
}

/**
 * What was pushed: every commit message, and every branch's full history as patches. Asynchronous: the
 * fake GitHub answers git in this very process.
 */
export async function pushedHistory(
  world: E2EWorld,
  repo: string,
): Promise<{ messages: Outbound[]; patches: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'codecot-secrets-mirror-'));
  try {
    const git = async (...args: string[]) =>
      (
        await run('git', [...gitAuthArgs(world.github.token), ...args], {
          cwd: dir,
          env: {
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            GIT_CONFIG_NOSYSTEM: '1',
            GIT_TERMINAL_PROMPT: '0',
          },
          maxBuffer: 64 * 1024 * 1024,
        })
      ).stdout;
    await git('clone', '--quiet', '--mirror', `${world.github.url}/git/${repo}.git`, 'mirror.git');
    const log = (...args: string[]) => git('--git-dir', 'mirror.git', 'log', '--all', ...args);
    const messages = (await log('--format=%H%x00%B%x01'))
      .split('\x01')
      .filter((entry) => entry.trim())
      .map((entry) => {
        const [sha = '', message = ''] = entry.trim().split('\x00');
        return { where: `commit ${sha.slice(0, 7)}`, text: message };
      });
    return { messages, patches: await log('-p', '--format=commit %H') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every dashboard page reachable from /dashboard (with the token), and where its redirects point. */
export async function crawlDashboard(port: number, token: string): Promise<Outbound[]> {
  const origin = `http://127.0.0.1:${port}`;
  const seen = new Set<string>(['/dashboard']);
  const queue = ['/dashboard'];
  const pages: Outbound[] = [];
  while (queue.length > 0 && pages.length < 500) {
    const path = queue.shift() as string;
    const response = await fetch(`${origin}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      redirect: 'manual',
    });
    const body = await response.text();
    pages.push({
      where: `dashboard ${path} (${response.status})`,
      text: `${response.headers.get('location') ?? ''}\n${body}`,
    });
    for (const [, href = ''] of body.matchAll(/href="([^"]*)"/g)) {
      const target = href.replaceAll('&amp;', '&');
      if (!target.startsWith('/dashboard') || seen.has(target)) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  return pages;
}
