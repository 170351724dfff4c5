import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/store/tables.ts';

/** Rows per table, keyed `schema.table`, for every table of every non-system schema (pg-boss's too). */
export type RowCounts = Record<string, number>;

/**
 * Counts the rows of every table the database holds right now, found in the catalogue rather than
 * listed by hand, so a table added by a later migration (or by pg-boss) cannot be missed. Partitioned
 * tables are counted as well as their partitions; the totals only ever get compared with each other.
 */
export async function rowCounts(db: Kysely<Database>): Promise<RowCounts> {
  const { rows: tables } = await sql<{ schema: string; name: string }>`
    select n.nspname as schema, c.relname as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p')
      and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
      and n.nspname not like 'pg_temp%'
    order by 1, 2`.execute(db);
  const counts: RowCounts = {};
  for (const { schema, name } of tables) {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(`${schema}.${name}`)}`.execute(db);
    counts[`${schema}.${name}`] = rows[0]?.n ?? -1;
  }
  return counts;
}

/** The tables whose row count differs between two snapshots, with both counts; empty when none does. */
export function changedTables(before: RowCounts, after: RowCounts): Record<string, [number, number]> {
  const changed: Record<string, [number, number]> = {};
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = before[table] ?? 0;
    const now = after[table] ?? 0;
    if (was !== now) changed[table] = [was, now];
  }
  return changed;
}
