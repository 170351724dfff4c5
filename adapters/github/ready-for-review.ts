import type { GitHubClient } from './client.ts';
import type { RepoCoordinates } from './repo-name.ts';

/**
 * The REST API cannot change a pull request's draft flag (PATCH ignores `draft`); only the GraphQL mutations
 * can. They need the pull request's node id, which the REST answer carries.
 */
const MUTATIONS = {
  ready: `mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } } }`,
  draft: `mutation($id: ID!) { convertPullRequestToDraft(input: { pullRequestId: $id }) { pullRequest { isDraft } } }`,
};

export async function setDraft(
  client: GitHubClient,
  coordinates: RepoCoordinates,
  number: number,
  draft: boolean,
): Promise<void> {
  const { data } = await client.octokit.rest.pulls.get({ ...coordinates, pull_number: number });
  if ((data.draft ?? false) === draft) return;
  await client.octokit.graphql(draft ? MUTATIONS.draft : MUTATIONS.ready, {
    id: data.node_id,
    // Not a GraphQL variable: tells the token provider which repository (a GitHub App's installation).
    request: { repo: `${coordinates.owner}/${coordinates.repo}` },
  });
}
