/** A repository as the code host describes it. */
export interface Repository {
  fullName: string;
  cloneUrl: string;
  defaultBranch: string;
  htmlUrl: string;
}

/** How git authenticates without the token ever appearing in a URL: extra config passed with `-c`. */
export interface GitAuth {
  configArgs: string[];
}

export interface PullRequestInput {
  repo: string;
  head: string;
  base: string;
  title: string;
  body: string;
  draft: boolean;
}

export interface PullRequest {
  number: number;
  url: string;
  headSha: string;
  state: 'open' | 'closed' | 'merged';
  draft: boolean;
}

export type CheckConclusion =
  | 'success'
  | 'failure'
  | 'neutral'
  | 'cancelled'
  | 'skipped'
  | 'timed_out'
  | 'pending';

export interface CheckResult {
  name: string;
  conclusion: CheckConclusion;
  url: string | null;
  /** What the check said about itself (check run output, status description), when it said anything. */
  details?: string;
}

/** Where the code lives and pull requests are opened: GitHub, or a local git repository. */
export interface CodeHost {
  /** A short name for logs and messages (`github`, `local-git`). */
  readonly name: string;
  /** True when commits get CI results through `checks`, so a pull request is followed until CI finishes. */
  readonly runsCi?: boolean;
  /** Looks a repository up; throws a not_found error when it does not exist or is not reachable. */
  getRepository(fullName: string): Promise<Repository>;
  /** Git configuration that authenticates fetches and pushes for this repository. */
  gitAuth(fullName: string): Promise<GitAuth>;
  /** The commit a branch points to now, or null when it does not exist (lets a current mirror skip its fetch). */
  branchHead?(fullName: string, branch: string): Promise<string | null>;
  /** A file's text at a ref (default branch when omitted), or null when it does not exist. */
  readFile(fullName: string, path: string, ref?: string): Promise<string | null>;
  /** Opens a pull request for a pushed branch, or returns the one already open for it. */
  openPullRequest(input: PullRequestInput): Promise<PullRequest>;
  /** Replaces a pull request's body (each iteration updates the proof). */
  updatePullRequest(
    fullName: string,
    number: number,
    patch: { body?: string; draft?: boolean },
  ): Promise<void>;
  /** Comments on a pull request. */
  comment(fullName: string, number: number, body: string): Promise<void>;
  /** The CI results for a commit. */
  checks(fullName: string, sha: string): Promise<CheckResult[]>;
}
