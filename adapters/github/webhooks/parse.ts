import type { z } from 'zod';
import type { CodeHostEvent } from '../../../src/domain/code-host-events.ts';
import {
  checkRunSchema,
  checkSuiteSchema,
  deploymentStatusSchema,
  pullRequestSchema,
  pushSchema,
  statusSchema,
} from './schemas.ts';

export type ParsedDelivery =
  | { kind: 'event'; event: CodeHostEvent }
  | { kind: 'ignored'; reason: string }
  | { kind: 'malformed'; reason: string };

const ignored = (reason: string): ParsedDelivery => ({ kind: 'ignored', reason });

/**
 * One verified delivery (the `X-GitHub-Event` name and the parsed JSON) as a canonical event. Events
 * Codecot does not act on are ignored with the reason; a used event without the fields it needs is
 * malformed.
 */
export function parseDelivery(name: string, deliveryId: string, body: unknown): ParsedDelivery {
  const eventId = `github:${deliveryId}`;
  switch (name) {
    case 'check_suite':
      return withSchema(checkSuiteSchema, body, (p) =>
        p.action !== 'completed'
          ? ignored(`check_suite ${p.action}`)
          : checks(eventId, p.repository.full_name, p.check_suite.head_sha, p.check_suite.pull_requests),
      );
    case 'check_run':
      return withSchema(checkRunSchema, body, (p) =>
        p.action !== 'completed'
          ? ignored(`check_run ${p.action}`)
          : checks(eventId, p.repository.full_name, p.check_run.head_sha, p.check_run.pull_requests),
      );
    case 'status':
      return withSchema(statusSchema, body, (p) =>
        p.state === 'pending'
          ? ignored('status still pending')
          : checks(eventId, p.repository.full_name, p.sha, []),
      );
    case 'pull_request':
      return withSchema(pullRequestSchema, body, (p) => {
        if (p.action !== 'closed') return ignored(`pull_request ${p.action}`);
        const merged = p.pull_request.merged ?? Boolean(p.pull_request.merged_at);
        const closedBy = (merged ? p.pull_request.merged_by?.login : undefined) ?? p.sender?.login ?? null;
        return {
          kind: 'event',
          event: {
            type: 'pull_request_closed',
            eventId,
            repo: p.repository.full_name,
            number: p.number,
            merged,
            closedBy,
            title: p.pull_request.title,
          },
        };
      });
    case 'deployment_status':
      return withSchema(deploymentStatusSchema, body, (p) => ({
        kind: 'event',
        event: {
          type: 'deployment_status',
          eventId,
          repo: p.repository.full_name,
          sha: p.deployment.sha,
          environment: p.deployment_status.environment ?? p.deployment.environment,
          url: p.deployment_status.environment_url || null,
          state: p.deployment_status.state,
        },
      }));
    case 'push':
      return withSchema(pushSchema, body, (p) => {
        const branch = p.ref.replace(/^refs\/heads\//, '');
        if (p.deleted) return ignored('a deleted ref');
        if (p.ref !== `refs/heads/${p.repository.default_branch}`) return ignored(`push to ${p.ref}`);
        const repo = p.repository.full_name;
        return { kind: 'event', event: { type: 'branch_pushed', eventId, repo, branch, sha: p.after } };
      });
    default:
      return ignored(`${name} events are not used`);
  }
}

function checks(eventId: string, repo: string, sha: string, pulls: { number: number }[]): ParsedDelivery {
  const prNumbers = pulls.map((pull) => pull.number);
  return { kind: 'event', event: { type: 'checks_completed', eventId, repo, sha, prNumbers } };
}

function withSchema<S extends z.ZodType>(
  schema: S,
  body: unknown,
  then: (payload: z.output<S>) => ParsedDelivery,
): ParsedDelivery {
  const parsed = schema.safeParse(body);
  if (parsed.success) return then(parsed.data);
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
  return { kind: 'malformed', reason: issues.join('; ') };
}
