// Ingest throughput on PostgreSQL: Codecot's inbound sink (accepted into the inbox, then stored with its
// jobs by the drainer; a round ends when the inbox is empty), called directly, without HTTP, against
// pgbench inserting one row per transaction into a copy of the messages table, with the same number of
// clients as Codecot's pool, alternating in one run (target: at least 0.5x).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { inboxBacklog } from '../src/store/repositories/inbox.ts';
import { canonicalEvents, POOL_SIZE, startIngestWorld } from './ingest-world.ts';
import { median } from './stats.ts';

const run = promisify(execFile);

export interface IngestThroughputResult {
  clients: number;
  secondsEach: number;
  rounds: number;
  /** Median over rounds of messages ingested per second. */
  codecotPerSecond: number;
  /** The longest the inbox took to empty after a round's last accept, in seconds. */
  drainLagSeconds: number;
  /** Median over rounds of pgbench's transactions per second. */
  pgbenchPerSecond: number;
  ratio: number;
  /** What pgbench ran, for the record. */
  pgbenchCommand: string;
  pgbenchScript: string;
}

async function findPgbench(): Promise<string> {
  try {
    const { stdout } = await run('sh', ['-c', 'command -v pgbench']);
    if (stdout.trim()) return stdout.trim();
  } catch {
    // not in PATH
  }
  const fallback = '/usr/lib/postgresql/15/bin/pgbench';
  if (existsSync(fallback)) return fallback;
  throw new Error('pgbench not found in PATH nor at /usr/lib/postgresql/15/bin/pgbench');
}

/**
 * One INSERT of a realistic channel message per transaction (a fresh uuid as its id). The colons of our
 * ids are written `\x3a`: in extended mode pgbench would read `:name` as a variable.
 */
const PGBENCH_SCRIPT = String.raw`INSERT INTO bench_messages (id, channel_id, thread_id, platform_message_id, author_id, author_name, trust, untrusted_reason, is_bot, mentions_bot, text, sent_at) VALUES (gen_random_uuid()::text, E'slack\x3aT0FAKETEAM\x3aC0BENCH01', E'slack\x3aT0FAKETEAM\x3aC0BENCH01\x3a1764000000.000001', '1764000000.000001', E'slack\x3aU0BENCH01', 'person1', 'trusted', NULL, false, false, 'can we bump the timeout on the export job, it keeps failing for the big customers', now());
`;

export async function ingestThroughput(secondsEach = 10, rounds = 3): Promise<IngestThroughputResult> {
  const pgbench = await findPgbench();
  const world = await startIngestWorld();
  const scratch = await mkdtemp(join(tmpdir(), 'bench-ingest-'));
  try {
    // A table shaped like ours: the messages table's columns, defaults, primary key and indexes.
    await sql`create table bench_messages (like messages including all)`.execute(world.store.db);
    const scriptPath = join(scratch, 'insert.sql');
    await writeFile(scriptPath, PGBENCH_SCRIPT);
    const url = world.store.url ?? '';
    const args = ['-n', '-M', 'extended', '-c', String(POOL_SIZE), '-j', '2', '-T', String(secondsEach)];
    const pgbenchRound = async () => {
      const { stdout } = await run(pgbench, [...args, '-f', scriptPath, url]);
      const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1];
      if (!tps) throw new Error(`could not read pgbench's tps from:\n${stdout}`);
      return Number(tps);
    };
    // Enough events for a fast round; each is ingested once (fresh delivery ids).
    const events = canonicalEvents(secondsEach * 12_000 * (rounds + 1));
    let drainLag = 0;
    const codecotRound = async (seconds: number) => {
      const deadline = performance.now() + seconds * 1_000;
      const started = performance.now();
      let done = 0;
      const client = async () => {
        while (performance.now() < deadline) {
          const event = events.pop();
          if (!event) throw new Error('ran out of generated events');
          await world.sink(event);
          done += 1;
        }
      };
      await Promise.all(Array.from({ length: POOL_SIZE }, client));
      const accepted = performance.now();
      // Stored, not only accepted: the round ends when the drainer has emptied the inbox.
      for (;;) {
        await world.sink.drainer.idle();
        if ((await inboxBacklog(world.store.db)).count === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const stored = performance.now();
      drainLag = Math.max(drainLag, (stored - accepted) / 1_000);
      return done / ((stored - started) / 1_000);
    };
    await codecotRound(2); // warm-up: JIT and pool connections
    const codecot: number[] = [];
    const bench: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      if (round % 2 === 0) {
        codecot.push(await codecotRound(secondsEach));
        bench.push(await pgbenchRound());
      } else {
        bench.push(await pgbenchRound());
        codecot.push(await codecotRound(secondsEach));
      }
    }
    const codecotPerSecond = median(codecot);
    const pgbenchPerSecond = median(bench);
    return {
      clients: POOL_SIZE,
      secondsEach,
      rounds,
      codecotPerSecond,
      drainLagSeconds: drainLag,
      pgbenchPerSecond,
      ratio: codecotPerSecond / pgbenchPerSecond,
      pgbenchCommand: `pgbench ${args.join(' ')} -f insert.sql`,
      pgbenchScript: PGBENCH_SCRIPT.trim(),
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await world.close();
  }
}
