import { branchSha, listTree, readBlob, resolveCommit, statPath, type TreeEntry } from './bare-repo.ts';
import { type FakeContext, repoApiUrl, repoHtmlUrl, userJson } from './context.ts';
import { notFound } from './http-io.ts';
import { repoJson } from './rest-shapes.ts';
import type { Router } from './router.ts';
import type { RepoRecord } from './state.ts';

/** The repository named by `:owner/:repo`, or GitHub's 404 (which is also what a private repo looks like). */
export function findRepo(context: FakeContext, params: Record<string, string>): RepoRecord {
  const repo = context.state.repo(`${params.owner}/${params.repo}`);
  if (!repo) throw notFound();
  return repo;
}

export function registerRepoRoutes(router: Router, context: FakeContext): void {
  router
    .add('GET', '/user', () => ({ status: 200, body: userJson(context, context.login) }))
    .add('GET', '/repos/:owner/:repo', ({ params }) => ({
      status: 200,
      body: repoJson(context, findRepo(context, params)),
    }))
    .add('GET', '/repos/:owner/:repo/contents', (request) =>
      getContents(context, request.params, '', request.query),
    )
    .add('GET', '/repos/:owner/:repo/contents/*path', (request) =>
      getContents(context, request.params, request.params.path ?? '', request.query),
    )
    .add('GET', '/repos/:owner/:repo/branches/*branch', async ({ params }) => {
      const repo = findRepo(context, params);
      const name = params.branch ?? '';
      const sha = await branchSha(repo.bareDir, name);
      if (!sha) throw notFound('Branch not found');
      const commitUrl = `${repoApiUrl(context, repo)}/commits/${sha}`;
      return {
        status: 200,
        body: {
          name,
          commit: { sha, url: commitUrl, node_id: `C_${sha}` },
          protected: false,
          _links: {
            self: `${repoApiUrl(context, repo)}/branches/${name}`,
            html: `${repoHtmlUrl(context, repo)}/tree/${name}`,
          },
        },
      };
    })
    .add('GET', '/repos/:owner/:repo/git/ref/*ref', ({ params }) => getRef(context, params))
    .add('GET', '/repos/:owner/:repo/git/refs/*ref', ({ params }) => getRef(context, params));
}

async function getRef(context: FakeContext, params: Record<string, string>) {
  const repo = findRepo(context, params);
  const ref = params.ref ?? '';
  const sha = ref.startsWith('heads/')
    ? await branchSha(repo.bareDir, ref.slice('heads/'.length))
    : undefined;
  if (!sha) throw notFound();
  const api = repoApiUrl(context, repo);
  return {
    status: 200,
    body: {
      ref: `refs/${ref}`,
      node_id: `REF_${sha}`,
      url: `${api}/git/refs/${ref}`,
      object: { sha, type: 'commit', url: `${api}/git/commits/${sha}` },
    },
  };
}

async function getContents(
  context: FakeContext,
  params: Record<string, string>,
  path: string,
  query: URLSearchParams,
) {
  const repo = findRepo(context, params);
  const ref = query.get('ref') ?? repo.defaultBranch;
  const commit = await resolveCommit(repo.bareDir, ref);
  if (!commit) throw notFound(`No commit found for the ref ${ref}`);
  const entry = await statPath(repo.bareDir, commit, path);
  if (!entry) throw notFound();
  if (entry.type === 'blob') {
    const content = await readBlob(repo.bareDir, entry.sha);
    return { status: 200, body: { ...contentEntry(context, repo, ref, entry), ...encodeContent(content) } };
  }
  const children = await listTree(repo.bareDir, commit, path, true);
  return { status: 200, body: children.map((child) => contentEntry(context, repo, ref, child)) };
}

/** GitHub wraps base64 content at 60 characters per line. */
function encodeContent(content: Buffer) {
  const base64 = content.toString('base64');
  return { encoding: 'base64', content: `${base64.match(/.{1,60}/g)?.join('\n') ?? ''}\n` };
}

function contentEntry(context: FakeContext, repo: RepoRecord, ref: string, entry: TreeEntry) {
  const api = repoApiUrl(context, repo);
  const type = entry.type === 'blob' ? 'file' : entry.type === 'tree' ? 'dir' : 'submodule';
  const self = `${api}/contents/${entry.path}?ref=${encodeURIComponent(ref)}`;
  const html = `${repoHtmlUrl(context, repo)}/${type === 'dir' ? 'tree' : 'blob'}/${ref}/${entry.path}`;
  const git = `${api}/git/${type === 'dir' ? 'trees' : 'blobs'}/${entry.sha}`;
  return {
    type,
    name: entry.path.split('/').pop() ?? entry.path,
    path: entry.path,
    sha: entry.sha,
    size: entry.size,
    url: self,
    html_url: html,
    git_url: git,
    download_url: type === 'file' ? `${context.urls.web}/raw/${repo.fullName}/${ref}/${entry.path}` : null,
    _links: { self, git, html },
  };
}
