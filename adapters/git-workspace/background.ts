import type { Logger } from '../../src/logger.ts';

/** Work that runs after a call returned (making spare checkouts, deleting trash), awaited on shutdown. */
export interface Background {
  start(what: string, task: () => Promise<void>): void;
  /** Resolves when everything started so far (and anything it started) has finished. */
  idle(): Promise<void>;
}

export function createBackground(logger: Logger): Background {
  const running = new Set<Promise<void>>();
  return {
    start(what, task) {
      const promise: Promise<void> = task()
        .catch((error: unknown) => logger.warn({ err: error, what }, 'background workspace task failed'))
        .finally(() => running.delete(promise));
      running.add(promise);
    },
    async idle() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}
