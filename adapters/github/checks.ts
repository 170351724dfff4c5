import type { CheckConclusion, CheckResult } from '../../src/ports/code-host.ts';
import type { GitHubClient } from './client.ts';
import { gitHubError } from './errors.ts';
import { splitRepo } from './repo-name.ts';

/**
 * A completed run's conclusion in the port's words. `action_required` waits on a person and blocks merging,
 * so it counts as a failure; `stale` (GitHub gave up on it after 14 days) as cancelled.
 */
export function checkRunConclusion(status: string, conclusion: string | null): CheckConclusion {
  if (status !== 'completed') return 'pending';
  switch (conclusion) {
    case 'success':
    case 'failure':
    case 'neutral':
    case 'cancelled':
    case 'skipped':
    case 'timed_out':
      return conclusion;
    case 'action_required':
      return 'failure';
    case 'stale':
      return 'cancelled';
    default:
      return 'neutral';
  }
}

/** Commit statuses (older CI that does not use the Checks API): `error` is a failure too. */
export function statusConclusion(state: string): CheckConclusion {
  if (state === 'success') return 'success';
  if (state === 'pending') return 'pending';
  return 'failure';
}

/** Check runs and commit statuses of one commit, merged: CI may report through either API. */
export async function checks(client: GitHubClient, fullName: string, sha: string): Promise<CheckResult[]> {
  const params = { ...splitRepo(fullName), ref: sha, per_page: 100 };
  try {
    const runs = await client.octokit.paginate(client.octokit.rest.checks.listForRef, params);
    const combined = await client.octokit.rest.repos.getCombinedStatusForRef(params);
    return [
      ...runs.map((run) => ({
        name: run.name,
        conclusion: checkRunConclusion(run.status, run.conclusion),
        url: run.details_url ?? run.html_url ?? null,
        ...detailsOf([run.output.title, run.output.summary, run.output.text]),
      })),
      ...combined.data.statuses.map((status) => ({
        name: status.context,
        conclusion: statusConclusion(status.state),
        url: status.target_url ?? null,
        ...detailsOf([status.description]),
      })),
    ];
  } catch (error) {
    throw gitHubError(`read the checks of ${sha.slice(0, 12)} in ${fullName}`, error, client.secrets());
  }
}

/** The check's own words (CI output can be long: the first 4,000 characters are plenty for a fix). */
function detailsOf(parts: (string | null | undefined)[]): { details?: string } {
  const text = parts
    .filter((part): part is string => Boolean(part?.trim()))
    .join('\n')
    .slice(0, 4_000);
  return text ? { details: text } : {};
}
