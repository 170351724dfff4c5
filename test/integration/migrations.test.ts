import { sql } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { migrateAllDown, migrateToLatest } from '../../src/store/migrate.ts';
import { createTestDatabase, engineUnderTest, type TestDatabase } from '../helpers/database.ts';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.dispose();
  database = undefined;
});

async function tableNames(t: TestDatabase): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_%' order by table_name`.execute(t.store.db);
  return rows.map((r) => r.table_name);
}

describe(`migrations on ${engineUnderTest()}`, () => {
  test('up creates every table, down removes them all, up again works', async () => {
    database = await createTestDatabase({ migrate: false });
    expect(database.store.engine).toBe(engineUnderTest());
    const applied = await migrateToLatest(database.store.db);
    expect(applied).toEqual([
      '2026-11-25T0800_initial',
      '2026-11-25T0900_specs-threads-and-listening',
      '2026-11-25T1000_execution-details',
      '2026-11-25T1100_ci-and-iterations',
      '2026-11-25T1200_digests-and-memory',
      '2026-11-25T1300_playground',
      '2026-11-26T0800_execution-log',
      '2026-11-26T0900_ci-report-delivery',
      '2026-11-26T1000_inbox',
    ]);
    expect(await tableNames(database)).toEqual(
      [
        'channels',
        'listen_windows',
        'ci_checks',
        'ci_reports',
        'digests',
        'event_log',
        'execution_log',
        'executions',
        'inbound_events',
        'inbox',
        'intents',
        'memory_items',
        'messages',
        'model_calls',
        'pull_requests',
        'reactions',
        'spec_versions',
        'specs',
        'validation_runs',
      ].sort(),
    );
    expect(await migrateToLatest(database.store.db)).toEqual([]);
    const reverted = await migrateAllDown(database.store.db);
    expect(reverted).toContain('2026-11-25T0800_initial');
    expect(await tableNames(database)).toEqual([]);
    await migrateToLatest(database.store.db);
    expect((await tableNames(database)).length).toBe(19);
  });

  test('the event log refuses updates and deletes', async () => {
    database = await createTestDatabase();
    const { db } = database.store;
    await db
      .insertInto('event_log')
      .values({
        entity: 'intent',
        entity_id: 'i1',
        from_state: null,
        to_state: 'detected',
        cause: '{"kind":"system"}',
      })
      .execute();
    await expect(db.updateTable('event_log').set({ to_state: 'x' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('event_log').execute()).rejects.toThrow(/append-only/);
  });
});
