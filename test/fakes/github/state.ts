import type { AuthStyle } from './auth.ts';

export type CheckRunStatus = 'queued' | 'in_progress' | 'completed';
export type CheckRunConclusion =
  | 'success'
  | 'failure'
  | 'neutral'
  | 'cancelled'
  | 'skipped'
  | 'timed_out'
  | 'action_required'
  | 'stale';
export type CommitState = 'error' | 'failure' | 'pending' | 'success';

/** What a test passes to setCheckRuns; everything but the name has a sensible default. */
export interface CheckRunInput {
  name: string;
  status?: CheckRunStatus;
  conclusion?: CheckRunConclusion | null;
  details_url?: string;
  external_id?: string;
  output?: { title?: string; summary?: string; text?: string };
  app_slug?: string;
}

export interface CheckRunRecord extends Required<Omit<CheckRunInput, 'output'>> {
  id: number;
  head_sha: string;
  started_at: string;
  completed_at: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
}

export interface CommitStatusInput {
  context: string;
  state: CommitState;
  description?: string;
  target_url?: string;
}

export interface CommitStatusRecord extends CommitStatusInput {
  id: number;
  created_at: string;
}

export interface PullRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  draft: boolean;
  state: 'open' | 'closed';
  headRef: string;
  baseRef: string;
  /** Frozen when the pull request is closed or merged; open pulls read the live branch tip. */
  frozenHeadSha: string | undefined;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  author: string;
}

export interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  author: string;
  createdAt: string;
  updatedAt: string;
}

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  private: boolean;
  bareDir: string;
  createdAt: string;
  /** Pull requests and issues share one number sequence, as on GitHub. */
  nextIssueNumber: number;
  pulls: Map<number, PullRecord>;
  comments: CommentRecord[];
  checkRuns: Map<string, CheckRunRecord[]>;
  statuses: Map<string, CommitStatusRecord[]>;
}

export interface RecordedRequest {
  method: string;
  /** Path without the `/api/v3` prefix and without the query string. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  auth: AuthStyle;
  authorized: boolean;
}

export interface RecordedGitRequest {
  method: string;
  /** Path and query exactly as received, so a test can prove no credential travelled in the URL. */
  path: string;
  authorized: boolean;
  auth: AuthStyle;
  username?: string;
  status: number;
}

/** Everything the fake knows; shared by the server, the routes and the test-control API. */
export class FakeState {
  readonly repos = new Map<string, RepoRecord>();
  readonly requests: RecordedRequest[] = [];
  readonly gitRequests: RecordedGitRequest[] = [];
  readonly #listeners = new Set<(request: RecordedRequest) => void>();
  #nextId = 1000;

  recordRequest(request: RecordedRequest): void {
    this.requests.push(request);
    for (const listener of this.#listeners) listener(request);
  }

  /** Subscribes to REST requests as they are answered; returns the unsubscribe function. */
  onRequest(listener: (request: RecordedRequest) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  nextId(): number {
    this.#nextId += 1;
    return this.#nextId;
  }

  repo(fullName: string): RepoRecord | undefined {
    return this.repos.get(fullName.toLowerCase());
  }
}
