import { type Kysely, sql } from 'kysely';
import type { ChatEvent } from '../domain/chat-events.ts';
import { parseEvent } from '../domain/event-codec.ts';
import type { Logger } from '../logger.ts';
import { deferInbox, type InboxEntry, removeFromInbox, takeInbox } from '../store/repositories/inbox.ts';
import type { Database } from '../store/tables.ts';
import { type PersistDeps, persistBatch, reactionGroup } from './persist-batch.ts';

export interface DrainerDeps extends PersistDeps {
  db: Kysely<Database>;
  logger: Logger;
  /** Events per transaction (default 200). */
  batchSize?: number;
  /** How often the inbox is looked at without a kick: other replicas' leftovers, retries (default 1 s). */
  sweepMs?: number;
}

export interface InboxDrainer {
  /** An event was accepted: drain now (a drain already running takes it in its next batch). */
  kick(): void;
  /** Resolves when no drain is running. */
  idle(): Promise<void>;
  /** Stops kicking and waits for the running drain. */
  stop(): Promise<void>;
}

/** One drainer at a time across every replica, so events are stored and their jobs queued in arrival order. */
const DRAIN_LOCK = 0x636f6463; // "codc"
const RETRY_BUSY_MS = 50;

type Outcome = 'empty' | 'more' | 'busy' | 'failed';

/**
 * Takes accepted events from the inbox in arrival order, stores them and enqueues their jobs in batches,
 * each batch one transaction that also deletes it from the inbox. A batch that fails is retried event
 * by event, so one bad event cannot hold up the others: it stays in the inbox with its error, and is
 * tried again later with a growing pause. Nothing is deleted from the inbox without being stored.
 */
export function startInboxDrainer(deps: DrainerDeps): InboxDrainer {
  const batchSize = deps.batchSize ?? 200;
  let running: Promise<void> | undefined;
  let wanted = false;
  let stopped = false;

  const batch = async (): Promise<Outcome> => {
    let taken: InboxEntry[] = [];
    try {
      return await deps.db.transaction().execute(async (trx) => {
        if (!(await lockDrain(trx))) return 'busy';
        const entries = await takeInbox(trx, batchSize);
        if (entries.length === 0) return 'empty';
        taken = entries;
        const batch = untilRepeatedGroup(entries.map(decode));
        await persistBatch(
          trx,
          deps,
          batch.map((item) => item.event),
        );
        await removeFromInbox(
          trx,
          batch.map((item) => item.id),
        );
        return batch.length === entries.length && entries.length < batchSize ? 'empty' : 'more';
      });
    } catch (error) {
      if (taken.length === 0) throw error;
      deps.logger.warn(
        { err: error, events: taken.length },
        'an inbox batch failed; storing its events one by one',
      );
      for (const entry of taken) await one(entry);
      return 'more';
    }
  };

  const one = async (entry: InboxEntry): Promise<void> => {
    try {
      await deps.db.transaction().execute(async (trx) => {
        if (!(await lockDrain(trx))) return;
        const [still] = await takeInbox(trx, 1, entry.id);
        if (!still) return;
        const item = decode(still);
        await persistBatch(trx, deps, [item.event]);
        await removeFromInbox(trx, [still.id]);
      });
    } catch (error) {
      const seconds = Math.min(2 ** entry.attempts, 600);
      const reason = error instanceof Error ? error.message : String(error);
      deps.logger.error(
        { err: error, eventId: entry.id, attempts: entry.attempts + 1, retryInSeconds: seconds },
        'an accepted event could not be stored; it stays in the inbox and is tried again',
      );
      await deferInbox(deps.db, entry.id, reason, seconds);
    }
  };

  const drain = async () => {
    while (wanted && !stopped) {
      wanted = false;
      let outcome: Outcome = 'more';
      while (outcome === 'more' && !stopped) {
        outcome = await batch().catch((error: unknown) => {
          // The database is away: the sweep tries again.
          deps.logger.warn({ err: error }, 'draining the inbox failed; trying again shortly');
          return 'failed' as const;
        });
      }
      if (outcome === 'busy') setTimeout(kick, RETRY_BUSY_MS).unref();
      if (outcome === 'busy' || outcome === 'failed') return;
    }
  };

  function kick() {
    if (stopped) return;
    wanted = true;
    running ??= drain().finally(() => {
      running = undefined;
      if (wanted) kick();
    });
  }

  const sweep = setInterval(kick, deps.sweepMs ?? 1_000);
  sweep.unref();
  kick();
  return {
    kick,
    idle: async () => {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      clearInterval(sweep);
      while (running) await running;
    },
  };
}

type Drained = Exclude<ChatEvent, { type: 'command' }>;
type Item = { id: string; event: Drained };

function decode(entry: InboxEntry): Item {
  const event = parseEvent(entry.payload);
  if (event.type === 'command')
    throw new Error(`inbox event ${entry.id} is a command, which is never queued`);
  return { id: entry.id, event };
}

/** A batch ends before a second event of one order group: jobs of one batch share a creation time. */
function untilRepeatedGroup(items: Item[]): Item[] {
  const groups = new Set<string>();
  for (let i = 0; i < items.length; i += 1) {
    const item = items[i] as Item;
    const group = reactionGroup(item.event);
    if (group && groups.has(group)) return items.slice(0, i);
    if (group) groups.add(group);
  }
  return items;
}

async function lockDrain(trx: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{
    locked: boolean;
  }>`select pg_try_advisory_xact_lock(${DRAIN_LOCK}) as locked`.execute(trx);
  return rows[0]?.locked === true;
}
