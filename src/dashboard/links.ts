import type { IncomingMessage, ServerResponse } from 'node:http';
import { type PlatformName, refFromKeys } from '../domain/chat.ts';
import type { ChatPlatform } from '../ports/chat-platform.ts';
import { html, link, type SafeHtml } from './html.ts';
import { notFound, page, sendHtml } from './layout.ts';

export const hrefs = {
  channel: (id: string) => `/dashboard/channels/${encodeURIComponent(id)}`,
  spec: (id: string) => `/dashboard/specs/${encodeURIComponent(id)}`,
  execution: (id: string) => `/dashboard/executions/${encodeURIComponent(id)}`,
  /** Resolved on click through the platform's permalink: pages stay fast, links stay right. */
  thread: (threadKey: string) => `/dashboard/thread?key=${encodeURIComponent(threadKey)}`,
  localPull: (repo: string, number: number) => `/dashboard/pulls/${repo}/${number}`,
};

export const threadLink = (threadKey: string | null | undefined, label = 'open the thread'): SafeHtml =>
  threadKey ? link(hrefs.thread(threadKey), label) : html`<span class="muted">no thread</span>`;

/**
 * A local-git pull request's address (`file:///…/<owner>/<name>.git#pull/<n>`) as the dashboard page
 * that shows it; undefined for any other address.
 */
export function localPullPath(url: string): string | undefined {
  const match = /^file:\/\/.*\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\.git#pull\/(\d+)$/.exec(url);
  if (!match) return undefined;
  return hrefs.localPull(`${match[1]}/${match[2]}`, Number(match[3]));
}

/** A pull request link that a browser can open: GitHub's own page, or the dashboard's for local ones. */
export function pullRequestLink(url: string, label: string): SafeHtml {
  const local = localPullPath(url);
  if (local) return link(local, label);
  return url.startsWith('http') ? link(url, label, { external: true }) : html`${label} (${url})`;
}

/** `GET /dashboard/thread?key=…`: asks the platform for the thread's permalink and goes there. */
export async function redirectToThread(
  req: IncomingMessage,
  res: ServerResponse,
  chats: ReadonlyMap<PlatformName, ChatPlatform>,
): Promise<void> {
  const key = new URL(req.url ?? '/', 'http://dashboard.invalid').searchParams.get('key') ?? '';
  let ref: ReturnType<typeof refFromKeys>;
  try {
    ref = refFromKeys(key);
  } catch {
    return notFound(res, 'thread with that key');
  }
  const chat = chats.get(ref.channel.platform);
  if (!chat) {
    const body = html`<p>This thread is on ${ref.channel.platform}, which this Codecot is not connected to.</p>`;
    return sendHtml(res, 404, page({ title: 'Thread not reachable' }, body));
  }
  const target = await chat.permalink(ref);
  if (!/^https?:\/\//.test(target)) return notFound(res, 'link for that thread');
  res.writeHead(302, { location: target, 'cache-control': 'no-store' });
  res.end();
}
