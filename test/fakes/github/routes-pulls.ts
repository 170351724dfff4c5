import { branchSha } from './bare-repo.ts';
import { bodyObject, optionalBoolean, optionalString, requiredString } from './body-fields.ts';
import type { FakeContext } from './context.ts';
import type { MergeMethod } from './git-merge.ts';
import { HttpError, isoNow, notFound, validationFailed } from './http-io.ts';
import { paginate } from './pagination.ts';
import { createPull, headBranchName, mergePull, renderPull } from './pull-actions.ts';
import type { Router } from './router.ts';
import { findRepo } from './routes-repos.ts';
import type { PullRecord, RepoRecord } from './state.ts';

export function findPull(repo: RepoRecord, number: string | undefined): PullRecord {
  const pull = repo.pulls.get(Number(number));
  if (!pull) throw notFound();
  return pull;
}

export function registerPullRoutes(router: Router, context: FakeContext): void {
  router
    .add('POST', '/repos/:owner/:repo/pulls', async ({ params, body }) => {
      const repo = findRepo(context, params);
      const fields = bodyObject(body);
      const pull = await createPull(context, repo, {
        title: requiredString(fields, 'title', 'PullRequest'),
        head: requiredString(fields, 'head', 'PullRequest'),
        base: requiredString(fields, 'base', 'PullRequest'),
        body: optionalString(fields, 'body'),
        draft: optionalBoolean(fields, 'draft'),
      });
      return { status: 201, body: await renderPull(context, repo, pull) };
    })
    .add('GET', '/repos/:owner/:repo/pulls', async (request) => {
      const repo = findRepo(context, request.params);
      const state = request.query.get('state') ?? 'open';
      const headFilter = request.query.get('head');
      const head = headFilter === null ? null : (headBranchName(repo, headFilter) ?? '\0no-such-branch');
      const base = request.query.get('base');
      const matching = [...repo.pulls.values()]
        .filter((pull) => state === 'all' || pull.state === state)
        .filter((pull) => head === null || pull.headRef === head)
        .filter((pull) => base === null || pull.baseRef === base)
        .sort((a, b) =>
          request.query.get('direction') === 'asc' ? a.number - b.number : b.number - a.number,
        );
      const page = paginate(request, matching);
      const body = await Promise.all(page.items.map((pull) => renderPull(context, repo, pull)));
      return { status: 200, body, headers: page.headers };
    })
    .add('GET', '/repos/:owner/:repo/pulls/:number', async ({ params }) => {
      const repo = findRepo(context, params);
      return { status: 200, body: await renderPull(context, repo, findPull(repo, params.number)) };
    })
    .add('PATCH', '/repos/:owner/:repo/pulls/:number', async ({ params, body }) => {
      const repo = findRepo(context, params);
      const pull = findPull(repo, params.number);
      await updatePull(repo, pull, bodyObject(body));
      return { status: 200, body: await renderPull(context, repo, pull) };
    })
    .add('GET', '/repos/:owner/:repo/pulls/:number/merge', ({ params }) => {
      const pull = findPull(findRepo(context, params), params.number);
      if (!pull.merged) throw notFound();
      return { status: 204 };
    })
    .add('PUT', '/repos/:owner/:repo/pulls/:number/merge', async ({ params, body }) => {
      const repo = findRepo(context, params);
      const fields = bodyObject(body);
      const method = optionalString(fields, 'merge_method') ?? 'merge';
      if (!['merge', 'squash', 'rebase'].includes(method)) {
        throw validationFailed([{ resource: 'PullRequest', field: 'merge_method', code: 'invalid' }]);
      }
      const result = await mergePull(repo, findPull(repo, params.number), {
        method: method as MergeMethod,
        title: optionalString(fields, 'commit_title'),
        message: optionalString(fields, 'commit_message'),
        sha: optionalString(fields, 'sha'),
        mergedBy: context.login,
      });
      return { status: 200, body: result };
    });
}

async function updatePull(
  repo: RepoRecord,
  pull: PullRecord,
  fields: Record<string, unknown>,
): Promise<void> {
  const title = optionalString(fields, 'title');
  const body = optionalString(fields, 'body');
  const base = optionalString(fields, 'base');
  const state = optionalString(fields, 'state');
  if (base !== undefined && !(await branchSha(repo.bareDir, base))) {
    throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
  }
  if (state !== undefined && state !== 'open' && state !== 'closed') {
    throw validationFailed([{ resource: 'PullRequest', field: 'state', code: 'invalid' }]);
  }
  if (state === 'open' && pull.merged) throw new HttpError(422, 'Cannot reopen a merged pull request');
  if (title !== undefined) pull.title = title;
  if ('body' in fields) pull.body = body ?? null;
  if (base !== undefined) pull.baseRef = base;
  if (state === 'closed' && pull.state === 'open') {
    pull.frozenHeadSha = await branchSha(repo.bareDir, pull.headRef);
    pull.closedAt = isoNow();
  } else if (state === 'open' && pull.state === 'closed') {
    pull.frozenHeadSha = undefined;
    pull.closedAt = null;
  }
  if (state !== undefined) pull.state = state;
  pull.updatedAt = isoNow();
}
