// `npm run migrate` applies pending migrations; `npm run migrate -- down` reverts them all.
import { loadConfig } from '../config.ts';
import { openStore } from './database.ts';
import { migrateAllDown, migrateToLatest } from './migrate.ts';

const config = loadConfig();
const store = await openStore({ url: config.database.url, dataDir: config.database.dataDir });
try {
  const down = process.argv.includes('down');
  const names = down ? await migrateAllDown(store.db) : await migrateToLatest(store.db);
  process.stdout.write(
    `${down ? 'reverted' : 'applied'}: ${names.length ? names.join(', ') : 'nothing to do'}\n`,
  );
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await store.close();
}
