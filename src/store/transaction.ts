import type { Kysely } from 'kysely';
import type { Database } from './tables.ts';

/** Runs `work` in a transaction, joining the caller's when `db` already is one (Kysely cannot nest them). */
export function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
