import type { Kysely } from 'kysely';
import type { Database } from '../../store/tables.ts';
import { html, link, type SafeHtml } from '../html.ts';
import { page, stateBadge, table, when } from '../layout.ts';
import { hrefs } from '../links.ts';

/** A pull request kept by the local-git code host (the same shape as its records). */
export interface LocalPullRequest {
  repo: string;
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  draft: boolean;
  state: string;
  headSha: string;
  createdAt: string;
  comments: { body: string; createdAt: string }[];
}

export type ListLocalPulls = () => Promise<LocalPullRequest[]>;

const crumbs = [{ label: 'local pull requests', href: '/dashboard/pulls' }];

export async function pullsPage(list: ListLocalPulls | undefined): Promise<SafeHtml> {
  if (!list) {
    const body = html`<p class="empty">This Codecot opens pull requests on GitHub, not locally; they are linked from each execution.</p>`;
    return page({ title: 'Local pull requests', crumbs }, body);
  }
  const pulls = (await list()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const rows = pulls.map(
    (
      p,
    ) => html`<tr><td>${link(hrefs.localPull(p.repo, p.number), `${p.repo}#${p.number}`)}</td><td>${p.title}</td>
<td>${stateBadge(p.state)}${p.draft ? ' (draft)' : ''}</td><td><code>${p.head}</code> → <code>${p.base}</code></td>
<td>${when(p.createdAt)}</td></tr>`,
  );
  const body = table(['Pull request', 'Title', 'State', 'Branches', 'Opened'], rows, 'No pull request yet.');
  return page({ title: 'Local pull requests', crumbs }, body);
}

export async function pullPage(
  db: Kysely<Database>,
  list: ListLocalPulls | undefined,
  repo: string,
  number: number,
): Promise<SafeHtml | undefined> {
  const pull = list ? (await list()).find((p) => p.repo === repo && p.number === number) : undefined;
  if (!pull) return undefined;
  const recorded = await db
    .selectFrom('pull_requests as p')
    .innerJoin('executions as e', 'e.spec_version_id', 'p.spec_version_id')
    .select(['e.id'])
    .where('p.repo', '=', repo)
    .where('p.number', '=', number)
    .orderBy('e.created_at', 'desc')
    .executeTakeFirst();
  const body = html`<dl class="facts">
<dt>State</dt><dd>${stateBadge(pull.state)}${pull.draft ? ' (draft)' : ''}</dd>
<dt>Branches</dt><dd><code>${pull.head}</code> → <code>${pull.base}</code> at ${pull.headSha.slice(0, 10)}</dd>
<dt>Opened</dt><dd>${when(pull.createdAt)}</dd>
<dt>Execution</dt><dd>${recorded ? link(hrefs.execution(recorded.id), 'the run that opened it') : '–'}</dd></dl>
<h2>Description</h2>
<pre>${pull.body}</pre>
<h2>Comments</h2>
${pull.comments.length ? pull.comments.map((c) => html`<p class="muted">${when(c.createdAt)}</p><pre>${c.body}</pre>`) : html`<p class="empty">No comment.</p>`}
<p class="muted">A plain branch of the local repository: merge <code>${pull.head}</code> into <code>${pull.base}</code> with git, and Codecot marks the pull request merged.</p>`;
  return page(
    {
      title: `${repo}#${number}: ${pull.title}`,
      crumbs: [...crumbs, { label: `#${number}`, href: hrefs.localPull(repo, number) }],
    },
    body,
  );
}
