import pino from 'pino';
import { afterEach, expect, test } from 'vitest';
import { healthRoute } from '../../src/http/health.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { createTestDatabase, engineUnderTest, type TestDatabase } from '../helpers/database.ts';

let http: HttpServer | undefined;
let database: TestDatabase | undefined;
afterEach(async () => {
  await http?.close();
  await database?.dispose();
});

async function serve(): Promise<string> {
  database = await createTestDatabase({ migrate: false });
  http = createHttpServer(pino({ level: 'silent' }));
  http.route('GET', '/healthz', healthRoute(database.store));
  const { port } = await http.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${port}`;
}

test(`/healthz answers 200 while the ${engineUnderTest()} database answers`, async () => {
  const base = await serve();
  const res = await fetch(`${base}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok', database: 'up', engine: engineUnderTest() });
});

test('/healthz answers 503 when the database does not', async () => {
  const base = await serve();
  await database?.store.close();
  const res = await fetch(`${base}/healthz`);
  expect(res.status).toBe(503);
  expect(await res.json()).toMatchObject({ status: 'unavailable', database: 'down' });
});

test('unknown paths get 404 and wrong methods 405', async () => {
  const base = await serve();
  expect((await fetch(`${base}/nope`)).status).toBe(404);
  expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
});
