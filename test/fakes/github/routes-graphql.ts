import type { FakeContext } from './context.ts';
import { isoNow } from './http-io.ts';
import type { Router } from './router.ts';
import type { PullRecord } from './state.ts';

/**
 * The two GraphQL mutations that change a pull request's draft flag (REST cannot), nothing else. Like
 * GitHub, GraphQL answers 200 with an `errors` array for a bad node id or an unsupported query.
 * github.com clients post to `/graphql`; Enterprise clients (baseUrl `.../api/v3`) to `/api/graphql`.
 */
const MUTATIONS: Record<string, boolean> = {
  markPullRequestReadyForReview: false,
  convertPullRequestToDraft: true,
};

export function registerGraphqlRoutes(router: Router, context: FakeContext): void {
  for (const path of ['/graphql', '/api/graphql']) {
    router.add('POST', path, ({ body }) => ({ status: 200, body: answer(context, body) }));
  }
}

function answer(context: FakeContext, body: unknown) {
  const { query = '', variables = {} } = (body ?? {}) as {
    query?: string;
    variables?: Record<string, unknown>;
  };
  const name = Object.keys(MUTATIONS).find((mutation) => query.includes(mutation));
  if (!name)
    return { errors: [{ message: `fake-github: unsupported GraphQL query: ${query.slice(0, 80)}` }] };
  const id = typeof variables.id === 'string' ? variables.id : '';
  const pull = findByNodeId(context, id);
  if (!pull) {
    return {
      data: { [name]: null },
      errors: [
        {
          type: 'NOT_FOUND',
          path: [name],
          message: `Could not resolve to a node with the global id of '${id}'`,
        },
      ],
    };
  }
  pull.draft = MUTATIONS[name] ?? pull.draft;
  pull.updatedAt = isoNow();
  return { data: { [name]: { pullRequest: { id, number: pull.number, isDraft: pull.draft } } } };
}

function findByNodeId(context: FakeContext, nodeId: string): PullRecord | undefined {
  for (const repo of context.state.repos.values()) {
    for (const pull of repo.pulls.values()) if (`PR_${pull.id}` === nodeId) return pull;
  }
  return undefined;
}
