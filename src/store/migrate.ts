import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely/migration';
import { CodecotError } from '../errors.ts';
import type { Database } from './tables.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Loads `migrations/*.ts` in name order; the names are timestamps, so order is history. */
const fileProvider: MigrationProvider = {
  async getMigrations() {
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.ts')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const module = (await import(pathToFileURL(`${MIGRATIONS_DIR}${file}`).href)) as Migration;
      migrations[file.replace(/\.ts$/, '')] = module;
    }
    return migrations;
  },
};

function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider: fileProvider });
}

function check(result: MigrationResultSet, what: string): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new CodecotError('migration_failed', `${what} failed at ${failed}`, { cause: result.error });
  }
  return (result.results ?? []).map((r) => r.migrationName);
}

/** Applies every pending migration; throws a typed error naming the one that failed. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  return check(await migrator(db).migrateToLatest(), 'migration');
}

/** Reverts every migration, newest first (used by tests and by `npm run migrate -- down`). */
export async function migrateAllDown(db: Kysely<Database>): Promise<string[]> {
  const m = migrator(db);
  const names: string[] = [];
  for (;;) {
    const result = await m.migrateDown();
    const done = check(result, 'rollback');
    if (done.length === 0) return names;
    names.push(...done);
  }
}
