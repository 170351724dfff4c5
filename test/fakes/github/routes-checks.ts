import { resolveCommit } from './bare-repo.ts';
import { bodyObject, optionalString, requiredString } from './body-fields.ts';
import {
  checkRunJson,
  combinedState,
  latestPerContext,
  lookupBySha,
  toCheckRunRecord,
  toStatusRecord,
} from './checks-store.ts';
import { type FakeContext, repoApiUrl, userJson } from './context.ts';
import { validationFailed } from './http-io.ts';
import { paginate } from './pagination.ts';
import type { Router } from './router.ts';
import { findRepo } from './routes-repos.ts';
import type { CheckRunInput, CommitState } from './state.ts';

const COMMIT_STATES: readonly string[] = ['error', 'failure', 'pending', 'success'];

export function registerCheckRoutes(router: Router, context: FakeContext): void {
  router
    .add('GET', '/repos/:owner/:repo/commits/:ref/check-runs', async (request) => {
      const repo = findRepo(context, request.params);
      const name = request.query.get('check_name');
      const status = request.query.get('status');
      const runs = (await lookupBySha(repo, repo.checkRuns, request.params.ref ?? ''))
        .filter((run) => name === null || run.name === name)
        .filter((run) => status === null || run.status === status);
      const page = paginate(request, runs);
      return {
        status: 200,
        body: {
          total_count: runs.length,
          check_runs: page.items.map((run) => checkRunJson(context, repo, run)),
        },
        headers: page.headers,
      };
    })
    .add('POST', '/repos/:owner/:repo/check-runs', async ({ params, body }) => {
      const repo = findRepo(context, params);
      const fields = bodyObject(body);
      const headSha = requiredString(fields, 'head_sha', 'CheckRun');
      const input = {
        ...(fields as Partial<CheckRunInput>),
        name: requiredString(fields, 'name', 'CheckRun'),
      };
      const run = toCheckRunRecord(context, (await resolveCommit(repo.bareDir, headSha)) ?? headSha, input);
      repo.checkRuns.set(run.head_sha, [...(repo.checkRuns.get(run.head_sha) ?? []), run]);
      return { status: 201, body: checkRunJson(context, repo, run) };
    })
    .add('GET', '/repos/:owner/:repo/commits/:ref/status', async ({ params }) => {
      const repo = findRepo(context, params);
      const ref = params.ref ?? '';
      const sha = (await resolveCommit(repo.bareDir, ref)) ?? ref;
      const statuses = latestPerContext(await lookupBySha(repo, repo.statuses, ref));
      const api = repoApiUrl(context, repo);
      return {
        status: 200,
        body: {
          state: combinedState(statuses),
          sha,
          total_count: statuses.length,
          statuses: statuses.map((status) => ({
            id: status.id,
            node_id: `SC_${status.id}`,
            url: `${api}/statuses/${sha}`,
            avatar_url: null,
            state: status.state,
            context: status.context,
            description: status.description ?? null,
            target_url: status.target_url ?? null,
            created_at: status.created_at,
            updated_at: status.created_at,
          })),
          commit_url: `${api}/commits/${sha}`,
          url: `${api}/commits/${sha}/status`,
          repository: { id: repo.id, full_name: repo.fullName, owner: userJson(context, repo.owner) },
        },
      };
    })
    .add('POST', '/repos/:owner/:repo/statuses/:sha', ({ params, body }) => {
      const repo = findRepo(context, params);
      const fields = bodyObject(body);
      const state = requiredString(fields, 'state', 'Status');
      if (!COMMIT_STATES.includes(state))
        throw validationFailed([{ resource: 'Status', field: 'state', code: 'invalid' }]);
      const description = optionalString(fields, 'description');
      const targetUrl = optionalString(fields, 'target_url');
      const record = toStatusRecord(context, {
        context: optionalString(fields, 'context') ?? 'default',
        state: state as CommitState,
        ...(description === undefined ? {} : { description }),
        ...(targetUrl === undefined ? {} : { target_url: targetUrl }),
      });
      const sha = params.sha ?? '';
      repo.statuses.set(sha, [...(repo.statuses.get(sha) ?? []), record]);
      return { status: 201, body: { ...record, url: `${repoApiUrl(context, repo)}/statuses/${sha}` } };
    });
}
