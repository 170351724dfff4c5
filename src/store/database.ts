import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './tables.ts';

export type Engine = 'postgres' | 'pglite';

/** The open database: Kysely for our queries, and the raw handle the job queue shares. */
export interface Store {
  readonly db: Kysely<Database>;
  /**
   * Where inbound events are accepted before the platform is acknowledged. On PostgreSQL its commits do
   * not wait for the disk unless asked (see StoreOptions.ackWaitsForDisk); elsewhere it is `db`.
   */
  readonly ackDb: Kysely<Database>;
  readonly engine: Engine;
  /** Present on the embedded engine: pg-boss runs on the same single-connection instance. */
  readonly pglite: PGlite | undefined;
  /** Present on PostgreSQL: the connection string pg-boss opens its own pool with. */
  readonly url: string | undefined;
  /** Answers true when a trivial query succeeds within the timeout. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PostgreSQL connection string; without one, the embedded PGlite is used. */
  url?: string | undefined;
  /** Where PGlite keeps its files; `memory://` keeps nothing on disk. */
  dataDir: string;
  poolSize?: number;
  /**
   * Whether accepting an inbound event waits until PostgreSQL flushed it to disk. Without waiting, an
   * accepted event survives a crash of Codecot and a restart of PostgreSQL, and only a crash of the
   * database server itself within a fraction of a second (PostgreSQL's wal_writer_delay, at most three
   * times it) can lose it; the acknowledgement is then several times faster.
   */
  ackWaitsForDisk?: boolean;
}

// int8 (bigserial ids, count(*)) as strings would surprise callers; counts fit in a JS number.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10, options.ackWaitsForDisk ?? false);
  return openPglite(options.dataDir);
}

function postgresPool(url: string, max: number, options?: string): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 5_000,
    ...(options ? { options } : {}),
  });
  // A dropped server connection must not crash the process; the pool reconnects on next use.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

function openPostgres(url: string, max: number, ackWaitsForDisk: boolean): Store {
  const db = postgresPool(url, max);
  // A few connections whose commits return once PostgreSQL has the event, before its disk does.
  const ackDb = ackWaitsForDisk ? db : postgresPool(url, Math.min(max, 4), '-c synchronous_commit=off');
  return makeStore(db, ackDb, 'postgres', undefined, url);
}

async function openPglite(dataDir: string): Promise<Store> {
  let location = dataDir;
  if (dataDir !== 'memory://') {
    location = resolve(dataDir, 'pgdata');
    mkdirSync(location, { recursive: true });
  }
  const pglite = await PGlite.create(location);
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return makeStore(db, db, 'pglite', pglite, undefined);
}

function makeStore(
  db: Kysely<Database>,
  ackDb: Kysely<Database>,
  engine: Engine,
  pglite: PGlite | undefined,
  url: string | undefined,
): Store {
  let closed = false;
  return {
    db,
    ackDb,
    engine,
    pglite,
    url,
    async ping(timeoutMs = 2_000) {
      if (closed) return false;
      const probe = sql`select 1`.execute(db).then(
        () => true,
        () => false,
      );
      const timeout = new Promise<boolean>((done) => setTimeout(done, timeoutMs, false).unref());
      return Promise.race([probe, timeout]);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (ackDb !== db) await ackDb.destroy();
      await db.destroy();
    },
  };
}
