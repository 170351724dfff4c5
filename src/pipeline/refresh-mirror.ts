import type { CodeHostEvent } from '../domain/code-host-events.ts';
import type { Logger } from '../logger.ts';
import type { ExecutionDeps } from './context.ts';

type Pushed = Extract<CodeHostEvent, { type: 'branch_pushed' }>;

/**
 * The default branch of a repository moved: fetch this process's mirror of it in the background, so the
 * next execution finds the mirror current and skips the fetch on the path people wait on. Nothing is
 * stored: a lost or repeated hint only changes speed. One refresh per repository at a time; a push that
 * arrives meanwhile is folded into one more.
 */
export function createMirrorRefresher(execution: ExecutionDeps | undefined, logger: Logger) {
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();

  const refresh = async (event: Pushed) => {
    if (!execution?.workspaces.refresh) return;
    const repository = await execution.codeHost.getRepository(event.repo);
    if (repository.defaultBranch !== event.branch) return;
    const auth = await execution.codeHost.gitAuth(event.repo);
    const input = { repo: event.repo, cloneUrl: repository.cloneUrl, auth };
    const fetched = await execution.workspaces.refresh(input);
    logger.debug({ repo: event.repo, sha: event.sha, fetched }, 'push seen: mirror refresh');
  };

  const start = (event: Pushed): Promise<void> => {
    const work = refresh(event)
      .catch((error: unknown) => logger.warn({ err: error, repo: event.repo }, 'mirror refresh failed'))
      .finally(() => {
        running.delete(event.repo);
        if (again.delete(event.repo)) start(event);
      });
    running.set(event.repo, work);
    return work;
  };

  return {
    /** Starts (or schedules one more) refresh; never throws. */
    pushed(event: Pushed): void {
      if (running.has(event.repo)) again.add(event.repo);
      else start(event);
    },
    /** Resolves when no refresh is running (tests, shutdown). */
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.all(running.values());
    },
  };
}

export type MirrorRefresher = ReturnType<typeof createMirrorRefresher>;
