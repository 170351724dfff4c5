import { request } from 'node:http';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/store/tables.ts';
import { waitFor } from '../helpers/wait.ts';

export interface RawResponse {
  status: number;
  body: string;
}

/**
 * POSTs exactly these bytes with exactly these headers (no defaults added). A header given as a list
 * goes on the wire as that many separate lines, as a proxy or an attacker may send it.
 */
export function postRaw(
  url: string,
  body: string,
  headers: Record<string, string | string[]>,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Resolves once the inbox is empty and no job is waiting, retrying or running: the database is at rest. */
export async function settled(db: Kysely<Database>, timeoutMs = 30_000): Promise<void> {
  await waitFor(async () => {
    const { rows } = await sql<{ n: number }>`
      select (select count(*)::int from pgboss.job where state in ('created', 'retry', 'active'))
        + (select count(*)::int from inbox) as n`.execute(db);
    return rows[0]?.n === 0;
  }, timeoutMs);
}
