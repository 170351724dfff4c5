import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

/**
 * Each test gets a database of its own: a fresh PostgreSQL database on the server named by
 * DATABASE_URL when it is set (CI's second run), otherwise a fresh in-memory PGlite.
 */
export interface TestDatabase {
  store: Store;
  /** The connection string of this test's own database (PostgreSQL only). */
  url: string | undefined;
  dispose(): Promise<void>;
}

export const serverUrl = (): string | undefined => process.env.DATABASE_URL || undefined;
export const engineUnderTest = (): 'postgres' | 'pglite' => (serverUrl() ? 'postgres' : 'pglite');

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const server = serverUrl();
  const url = server ? await createScratchDatabase(server) : undefined;
  const store = await openStore({ url, dataDir: 'memory://', poolSize: 4 });
  if (options.migrate !== false) await migrateToLatest(store.db);
  return {
    store,
    url,
    async dispose() {
      await store.close();
      if (server && url) await dropScratchDatabase(server, new URL(url).pathname.slice(1));
    },
  };
}

export async function createScratchDatabase(server: string): Promise<string> {
  const name = `codecot_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(server, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropScratchDatabase(server: string, name: string): Promise<void> {
  await withAdmin(server, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

async function withAdmin<T>(server: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
