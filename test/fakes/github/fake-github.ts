import type { FakeApp } from './app.ts';
import { branchSha, commitFiles, type FileChanges, showFile } from './bare-repo.ts';
import { type BootedFake, bootFakeGitHub, type FakeGitHubOptions, shutdownFakeGitHub } from './boot.ts';
import { toCheckRunRecord, toStatusRecord } from './checks-store.ts';
import type { FailNextOptions, RateLimitOptions, RouteMatcher } from './faults.ts';
import type { MergeMethod } from './git-merge.ts';
import { mergePull } from './pull-actions.ts';
import { type CreatedRepo, type CreateRepoOptions, createRepository, describeRepo } from './repo-factory.ts';
import { findPull } from './routes-pulls.ts';
import type { CheckRunInput, CommitStatusInput, RecordedRequest, RepoRecord } from './state.ts';
import { waitForRequest } from './wait-for-request.ts';

/** A GitHub stand-in: real git repositories behind smart HTTP, plus the REST endpoints Codecot uses. */
export class FakeGitHub {
  readonly #fake: BootedFake;

  private constructor(fake: BootedFake) {
    this.#fake = fake;
  }

  static async start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
    return new FakeGitHub(await bootFakeGitHub(options));
  }

  /** `http://127.0.0.1:<port>`: Octokit `baseUrl`, and the origin of html_url/clone_url. */
  get url(): string {
    return this.#fake.context.urls.web;
  }
  /** The same API under GitHub Enterprise's `/api/v3` prefix. */
  get enterpriseUrl(): string {
    return `${this.url}/api/v3`;
  }
  get token(): string {
    return this.#fake.token;
  }
  /** The GitHub App, when started with `app`: installations, issued tokens, refused JWTs. */
  get app(): FakeApp | undefined {
    return this.#fake.app;
  }
  get login(): string {
    return this.#fake.context.login;
  }
  /** Every REST request, answered or refused, in arrival order. */
  get requests(): readonly RecordedRequest[] {
    return this.#fake.context.state.requests;
  }
  /** Every git smart-HTTP request: method, raw path+query, whether and how it authenticated. */
  get gitRequests() {
    return this.#fake.context.state.gitRequests;
  }

  async createRepo(fullName: string, options: CreateRepoOptions = {}): Promise<CreatedRepo> {
    const repo = await createRepository(this.#fake.context, this.#fake.reposRoot, fullName, options);
    return describeRepo(this.#fake.context, repo);
  }

  /** Commits straight into the bare repo (someone else pushing); a new branch starts from `from`. */
  pushFiles(
    repo: string,
    branch: string,
    files: FileChanges,
    options: { message?: string; from?: string } = {},
  ) {
    const record = this.#repo(repo);
    return commitFiles(record.bareDir, {
      branch,
      files,
      message: options.message ?? `Update ${Object.keys(files).join(', ')}`,
      startFrom: options.from ?? record.defaultBranch,
    });
  }

  branchSha(repo: string, branch: string): Promise<string | undefined> {
    return branchSha(this.#repo(repo).bareDir, branch);
  }

  async readFile(repo: string, ref: string, path: string): Promise<string | undefined> {
    return (await showFile(this.#repo(repo).bareDir, ref, path))?.toString('utf8');
  }

  /** Snapshot of the pull requests, lowest number first. */
  pulls(repo: string) {
    return [...this.#repo(repo).pulls.values()]
      .map((pull) => ({ ...pull }))
      .sort((a, b) => a.number - b.number);
  }

  comments(repo: string, number: number) {
    return this.#repo(repo)
      .comments.filter((comment) => comment.issueNumber === number)
      .map((comment) => ({ ...comment }));
  }

  /** Merges as a human would on the website (merged_by defaults to `octocat`). */
  mergePull(repo: string, number: number, options: { method?: MergeMethod; by?: string } = {}) {
    const record = this.#repo(repo);
    return mergePull(record, findPull(record, String(number)), {
      method: options.method,
      mergedBy: options.by ?? 'octocat',
    });
  }

  /** Replaces the check runs reported for `sha`. */
  setCheckRuns(repo: string, sha: string, runs: CheckRunInput[]): void {
    const record = this.#repo(repo);
    record.checkRuns.set(
      sha,
      runs.map((run) => toCheckRunRecord(this.#fake.context, sha, run)),
    );
  }

  /** Replaces the commit statuses reported for `sha` (later entries win per context). */
  setCommitStatus(repo: string, sha: string, statuses: CommitStatusInput[]): void {
    this.#repo(repo).statuses.set(
      sha,
      statuses.map((status) => toStatusRecord(this.#fake.context, status)),
    );
  }

  failNext(matcher: RouteMatcher, options: FailNextOptions): void {
    this.#fake.faults.failNext(matcher, options);
  }

  rateLimitNext(matcher: RouteMatcher, options: RateLimitOptions): void {
    this.#fake.faults.rateLimitNext(matcher, options);
  }

  /** Resolves with the first matching request, including ones already recorded. */
  waitForRequest(
    predicate: (request: RecordedRequest) => boolean,
    timeoutMs = 5000,
  ): Promise<RecordedRequest> {
    return waitForRequest(this.#fake.context.state, predicate, timeoutMs);
  }

  /** Stops the server (dropping the keep-alive sockets fetch holds) and deletes every repository. */
  close(): Promise<void> {
    return shutdownFakeGitHub(this.#fake);
  }

  #repo(fullName: string): RepoRecord {
    const repo = this.#fake.context.state.repo(fullName);
    if (!repo) throw new Error(`fake-github: no repository ${fullName} (call createRepo first)`);
    return repo;
  }
}
