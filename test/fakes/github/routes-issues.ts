import { bodyObject, requiredString } from './body-fields.ts';
import type { FakeContext } from './context.ts';
import { isoNow, notFound } from './http-io.ts';
import { paginate } from './pagination.ts';
import { commentJson } from './rest-shapes.ts';
import type { Router } from './router.ts';
import { findRepo } from './routes-repos.ts';
import type { CommentRecord, RepoRecord } from './state.ts';

/** Adds a comment to an existing pull request (the fake has no plain issues; they share numbers anyway). */
export function addComment(
  context: FakeContext,
  repo: RepoRecord,
  issueNumber: number,
  body: string,
  author: string,
) {
  if (!repo.pulls.has(issueNumber)) throw notFound();
  const now = isoNow();
  const comment: CommentRecord = {
    id: context.state.nextId(),
    issueNumber,
    body,
    author,
    createdAt: now,
    updatedAt: now,
  };
  repo.comments.push(comment);
  return comment;
}

export function registerIssueRoutes(router: Router, context: FakeContext): void {
  router
    .add('POST', '/repos/:owner/:repo/issues/:number/comments', ({ params, body }) => {
      const repo = findRepo(context, params);
      const text = requiredString(bodyObject(body), 'body', 'IssueComment');
      const comment = addComment(context, repo, Number(params.number), text, context.login);
      return { status: 201, body: commentJson(context, repo, comment) };
    })
    .add('GET', '/repos/:owner/:repo/issues/:number/comments', (request) => {
      const repo = findRepo(context, request.params);
      const number = Number(request.params.number);
      if (!repo.pulls.has(number)) throw notFound();
      const page = paginate(
        request,
        repo.comments.filter((comment) => comment.issueNumber === number),
      );
      return {
        status: 200,
        body: page.items.map((comment) => commentJson(context, repo, comment)),
        headers: page.headers,
      };
    })
    .add('PATCH', '/repos/:owner/:repo/issues/comments/:id', ({ params, body }) => {
      const repo = findRepo(context, params);
      const comment = repo.comments.find((candidate) => candidate.id === Number(params.id));
      if (!comment) throw notFound();
      comment.body = requiredString(bodyObject(body), 'body', 'IssueComment');
      comment.updatedAt = isoNow();
      return { status: 200, body: commentJson(context, repo, comment) };
    });
}
