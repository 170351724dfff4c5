// Public API of the fake GitHub used by integration tests. Everything else in this folder is internal.
export type { FakeApp, FakeAppOptions, FakeInstallation, IssuedToken } from './app.ts';
export type { AuthStyle } from './auth.ts';
export type { FileChanges } from './bare-repo.ts';
export type { FakeGitHubOptions } from './boot.ts';
export { FakeGitHub } from './fake-github.ts';
export type { FailNextOptions, FaultTarget, RateLimitOptions, RouteMatcher } from './faults.ts';
export { FAKE_GIT_IDENTITY, GitCommandError, isolatedGitEnv, type RunGitOptions, runGit } from './git-cli.ts';
export { gitBasicAuthHeader } from './git-client-auth.ts';
export type { MergeMethod } from './git-merge.ts';
export type { CreatedRepo, CreateRepoOptions } from './repo-factory.ts';
export type {
  CheckRunConclusion,
  CheckRunInput,
  CheckRunStatus,
  CommentRecord,
  CommitState,
  CommitStatusInput,
  PullRecord,
  RecordedGitRequest,
  RecordedRequest,
} from './state.ts';
export {
  type CheckPullRef,
  type CheckRunOptions,
  type CheckSuiteOptions,
  checkRunCompleted,
  checkSuiteCompleted,
} from './webhooks/fixtures-checks.ts';
export { type IssueCommentOptions, issueComment } from './webhooks/fixtures-comments.ts';
export { type DeploymentStatusOptions, deploymentStatus } from './webhooks/fixtures-deployments.ts';
export { type PullRequestClosedOptions, pullRequestClosed } from './webhooks/fixtures-pulls.ts';
export { type PushEventOptions, pushEvent } from './webhooks/fixtures-push.ts';
export { type StatusEventOptions, statusEvent } from './webhooks/fixtures-status.ts';
export type { WebhookPayload, WebhookRepoOptions } from './webhooks/payload-types.ts';
export {
  type SendWebhookOptions,
  sendWebhook,
  signWebhook,
  signWebhookSha1,
  type WebhookResponse,
} from './webhooks/send-webhook.ts';
