import { resolveCommit } from './bare-repo.ts';
import { type FakeContext, repoApiUrl, repoHtmlUrl, userJson } from './context.ts';
import { isoNow } from './http-io.ts';
import type {
  CheckRunInput,
  CheckRunRecord,
  CommitState,
  CommitStatusInput,
  CommitStatusRecord,
  RepoRecord,
} from './state.ts';

export function toCheckRunRecord(
  context: FakeContext,
  headSha: string,
  input: CheckRunInput,
): CheckRunRecord {
  const status = input.status ?? (input.conclusion ? 'completed' : 'queued');
  const now = isoNow();
  return {
    id: context.state.nextId(),
    head_sha: headSha,
    name: input.name,
    status,
    conclusion: input.conclusion ?? null,
    details_url: input.details_url ?? `${context.urls.web}/checks/${input.name}`,
    external_id: input.external_id ?? '',
    app_slug: input.app_slug ?? 'github-actions',
    started_at: now,
    completed_at: status === 'completed' ? now : null,
    output: {
      title: input.output?.title ?? null,
      summary: input.output?.summary ?? null,
      text: input.output?.text ?? null,
    },
  };
}

export function toStatusRecord(context: FakeContext, input: CommitStatusInput): CommitStatusRecord {
  return { ...input, id: context.state.nextId(), created_at: isoNow() };
}

/** Records are keyed by what the test passed (usually a sha); a branch name in the URL is resolved too. */
export async function lookupBySha<T>(repo: RepoRecord, store: Map<string, T[]>, ref: string): Promise<T[]> {
  const direct = store.get(ref);
  if (direct) return direct;
  const sha = await resolveCommit(repo.bareDir, ref);
  return (sha && store.get(sha)) || [];
}

export function checkRunJson(context: FakeContext, repo: RepoRecord, run: CheckRunRecord) {
  const api = repoApiUrl(context, repo);
  const { app_slug, ...fields } = run;
  return {
    ...fields,
    node_id: `CR_${run.id}`,
    url: `${api}/check-runs/${run.id}`,
    html_url: `${repoHtmlUrl(context, repo)}/runs/${run.id}`,
    output: {
      ...run.output,
      annotations_count: 0,
      annotations_url: `${api}/check-runs/${run.id}/annotations`,
    },
    check_suite: { id: run.id + 1 },
    app: { id: 15368, slug: app_slug, name: app_slug, owner: userJson(context, 'github') },
    pull_requests: [],
  };
}

/** GitHub's rule: any error/failure -> failure; else any pending (or none at all) -> pending; else success. */
export function combinedState(statuses: readonly CommitStatusRecord[]): CommitState {
  if (statuses.some((status) => status.state === 'error' || status.state === 'failure')) return 'failure';
  if (statuses.length === 0 || statuses.some((status) => status.state === 'pending')) return 'pending';
  return 'success';
}

/** Only the latest status per context counts, as on GitHub. */
export function latestPerContext(statuses: readonly CommitStatusRecord[]): CommitStatusRecord[] {
  const latest = new Map<string, CommitStatusRecord>();
  for (const status of statuses) latest.set(status.context, status);
  return [...latest.values()];
}
