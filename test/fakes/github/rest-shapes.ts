import { cloneUrl, type FakeContext, repoApiUrl, repoHtmlUrl, userJson } from './context.ts';
import type { CommentRecord, PullRecord, RepoRecord } from './state.ts';

/** Subset of GitHub's "full repository" JSON that clients actually read. */
export function repoJson(context: FakeContext, repo: RepoRecord) {
  return {
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.name,
    full_name: repo.fullName,
    owner: userJson(context, repo.owner),
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    fork: false,
    archived: false,
    disabled: false,
    html_url: repoHtmlUrl(context, repo),
    url: repoApiUrl(context, repo),
    clone_url: cloneUrl(context, repo),
    default_branch: repo.defaultBranch,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    pushed_at: repo.createdAt,
    allow_merge_commit: true,
    allow_squash_merge: true,
    allow_rebase_merge: true,
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
  };
}

export interface PullShas {
  head: string;
  base: string;
}

export function pullJson(context: FakeContext, repo: RepoRecord, pull: PullRecord, shas: PullShas) {
  const api = repoApiUrl(context, repo);
  const branch = (ref: string, sha: string) => ({
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: userJson(context, repo.owner),
    repo: repoJson(context, repo),
  });
  return {
    url: `${api}/pulls/${pull.number}`,
    id: pull.id,
    node_id: `PR_${pull.id}`,
    html_url: `${repoHtmlUrl(context, repo)}/pull/${pull.number}`,
    issue_url: `${api}/issues/${pull.number}`,
    comments_url: `${api}/issues/${pull.number}/comments`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    body: pull.body,
    user: userJson(context, pull.author),
    draft: pull.draft,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.closedAt,
    merged_at: pull.mergedAt,
    merged: pull.merged,
    merged_by: pull.mergedBy ? userJson(context, pull.mergedBy) : null,
    merge_commit_sha: pull.mergeCommitSha,
    mergeable: pull.state === 'open' ? true : null,
    mergeable_state: pull.state === 'open' ? (pull.draft ? 'draft' : 'clean') : 'unknown',
    head: branch(pull.headRef, shas.head),
    base: branch(pull.baseRef, shas.base),
    author_association: 'OWNER',
    auto_merge: null,
    labels: [],
    assignees: [],
    requested_reviewers: [],
    comments: repo.comments.filter((comment) => comment.issueNumber === pull.number).length,
  };
}

export function commentJson(context: FakeContext, repo: RepoRecord, comment: CommentRecord) {
  const api = repoApiUrl(context, repo);
  return {
    id: comment.id,
    node_id: `IC_${comment.id}`,
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${repoHtmlUrl(context, repo)}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: userJson(context, comment.author),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: 'OWNER',
  };
}
