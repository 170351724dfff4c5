import type { Kysely } from 'kysely';
import type { Logger } from '../logger.ts';
import { type Accepting, acceptInbound } from '../store/repositories/inbox.ts';
import type { Database } from '../store/tables.ts';

interface Waiting {
  event: Accepting;
  settle(fresh: boolean): void;
  fail(error: unknown): void;
}

/** Events per accepting statement, at most. */
const MOST = 500;

/**
 * Accepts events into the inbox, one statement at a time: an event arriving while a statement runs
 * waits for it and goes with every other that arrived meanwhile in the next one. A lone event goes at
 * once; under load one statement carries many events (fewer round trips, fewer system calls). Resolves
 * with whether the event was new. When a statement with several events fails, each is tried alone, so
 * one event the database refuses cannot fail the others.
 */
export function createAcceptor(db: Kysely<Database>, logger: Logger): (event: Accepting) => Promise<boolean> {
  let waiting: Waiting[] = [];
  let running = false;

  const accept = async (batch: Waiting[]) => {
    // The same delivery twice in one statement (a retry racing its original): the first one counts.
    const first = new Map<string, Waiting>();
    for (const item of batch) if (!first.has(item.event.id)) first.set(item.event.id, item);
    const fresh = await acceptInbound(
      db,
      [...first.values()].map((item) => item.event),
    );
    for (const item of batch) item.settle(first.get(item.event.id) === item && fresh.has(item.event.id));
  };

  const run = async () => {
    running = true;
    while (waiting.length > 0) {
      const batch = waiting.slice(0, MOST);
      waiting = waiting.slice(MOST);
      try {
        await accept(batch);
      } catch (error) {
        if (batch.length === 1) {
          batch[0]?.fail(error);
          continue;
        }
        logger.warn(
          { err: error, events: batch.length },
          'accepting events together failed; accepting each alone',
        );
        for (const item of batch) await accept([item]).catch((err: unknown) => item.fail(err));
      }
    }
    running = false;
  };

  return (event) =>
    new Promise<boolean>((resolve, reject) => {
      waiting.push({ event, settle: resolve, fail: reject });
      if (!running) void run();
    });
}
