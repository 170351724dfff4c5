import type {
  PullRequestRepository,
  WebhookRepoOptions,
  WebhookRepository,
  WebhookUser,
} from './payload-types.ts';

const API = 'https://api.github.com';
const WEB = 'https://github.com';
/** A fixed timestamp keeps fixtures deterministic; tests that care pass their own values. */
export const FIXTURE_TIME = '2024-01-01T00:00:00Z';

let events = 0;
/**
 * When an event happened: a second later at each call. Two real deliveries never carry the same body
 * (Codecot refuses a body it has seen under another delivery id as a replay), so neither do fixtures.
 */
export function eventTime(): string {
  events += 1;
  return new Date(Date.parse(FIXTURE_TIME) + events * 1_000).toISOString().replace('.000Z', 'Z');
}

export function stableId(text: string): number {
  let hash = 17;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) % 100_000_000;
  return hash + 1;
}

export function webhookUser(login: string) {
  const url = `${API}/users/${login}`;
  return {
    login,
    id: stableId(login),
    node_id: `MDQ6VXNlcj${stableId(login)}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${stableId(login)}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${WEB}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: (login.endsWith('[bot]') ? 'Bot' : 'User') as 'Bot' | 'User',
    site_admin: false,
  } satisfies WebhookUser;
}

/** Every URL template GitHub puts on a repository object, derived from its API URL. */
function repositoryUrls(api: string) {
  const templates = {
    archive_url: '/{archive_format}{/ref}',
    assignees_url: '/assignees{/user}',
    blobs_url: '/git/blobs{/sha}',
    branches_url: '/branches{/branch}',
    collaborators_url: '/collaborators{/collaborator}',
    comments_url: '/comments{/number}',
    commits_url: '/commits{/sha}',
    compare_url: '/compare/{base}...{head}',
    contents_url: '/contents/{+path}',
    contributors_url: '/contributors',
    deployments_url: '/deployments',
    downloads_url: '/downloads',
    events_url: '/events',
    forks_url: '/forks',
    git_commits_url: '/git/commits{/sha}',
    git_refs_url: '/git/refs{/sha}',
    git_tags_url: '/git/tags{/sha}',
    issue_comment_url: '/issues/comments{/number}',
    issue_events_url: '/issues/events{/number}',
    issues_url: '/issues{/number}',
    keys_url: '/keys{/key_id}',
    labels_url: '/labels{/name}',
    languages_url: '/languages',
    merges_url: '/merges',
    milestones_url: '/milestones{/number}',
    notifications_url: '/notifications{?since,all,participating}',
    pulls_url: '/pulls{/number}',
    releases_url: '/releases{/id}',
    stargazers_url: '/stargazers',
    statuses_url: '/statuses/{sha}',
    subscribers_url: '/subscribers',
    subscription_url: '/subscription',
    tags_url: '/tags',
    teams_url: '/teams',
    trees_url: '/git/trees{/sha}',
    hooks_url: '/hooks',
  } as const;
  return Object.fromEntries(Object.entries(templates).map(([key, suffix]) => [key, `${api}${suffix}`])) as {
    [K in keyof typeof templates]: string;
  };
}

/** The repository object both webhook payloads and pull_request.head/base.repo carry. */
export function webhookRepository(options: WebhookRepoOptions): WebhookRepository & PullRequestRepository {
  const [owner = '', name = ''] = options.repo.split('/');
  const api = `${API}/repos/${options.repo}`;
  return {
    id: options.repoId ?? stableId(options.repo),
    node_id: `R_kgDO${stableId(options.repo)}`,
    name,
    full_name: options.repo,
    private: true,
    owner: webhookUser(owner),
    html_url: `${WEB}/${options.repo}`,
    description: null,
    fork: false,
    url: api,
    ...repositoryUrls(api),
    git_url: `git://github.com/${options.repo}.git`,
    ssh_url: `git@github.com:${options.repo}.git`,
    clone_url: options.cloneUrl ?? `${WEB}/${options.repo}.git`,
    svn_url: `${WEB}/${options.repo}`,
    mirror_url: null,
    homepage: null,
    language: 'TypeScript',
    license: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 1,
    open_issues: 0,
    open_issues_count: 0,
    default_branch: options.defaultBranch ?? 'main',
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'private',
    pushed_at: FIXTURE_TIME,
    created_at: FIXTURE_TIME,
    updated_at: FIXTURE_TIME,
    allow_forking: false,
    is_template: false,
    web_commit_signoff_required: false,
  };
}

/** `repository`, `sender` and (optionally) `installation`, common to every delivery. */
export function deliveryEnvelope(options: WebhookRepoOptions) {
  return {
    repository: webhookRepository(options),
    sender: webhookUser(options.sender ?? 'octocat'),
    ...(options.installationId === undefined
      ? {}
      : { installation: { id: options.installationId, node_id: `MDIz${options.installationId}` } }),
  };
}
