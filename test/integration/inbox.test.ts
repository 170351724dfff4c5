import { sql } from 'kysely';
import pino from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import type { ChatEvent } from '../../src/domain/chat-events.ts';
import { createJobQueue, type JobQueue } from '../../src/jobs/queue.ts';
import { ALL_QUEUES } from '../../src/jobs/queues.ts';
import { createInboundSink, type IngestSink } from '../../src/pipeline/ingest-event.ts';
import { ensureChannel, updateChannel } from '../../src/store/repositories/channels.ts';
import { acceptInbound } from '../../src/store/repositories/inbox.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { CHANNEL, events, person } from '../helpers/pipeline.ts';
import { waitFor } from '../helpers/wait.ts';

// The inbox: one statement accepts an event before the platform is acknowledged; the drainer stores it
// and enqueues its jobs later, in batches. No job workers run here: the jobs are only counted.
let world: { database: TestDatabase; queue: JobQueue; sinks: IngestSink[] } | undefined;
afterEach(async () => {
  if (!world) return;
  for (const sink of world.sinks) await sink.drainer.stop();
  await world.queue.stop(1_000);
  await world.database.dispose();
  world = undefined;
});

async function start() {
  const database = await createTestDatabase();
  const queue = createJobQueue(database.store, pino({ level: 'silent' }));
  await queue.start(ALL_QUEUES);
  world = { database, queue, sinks: [] };
  return world;
}

function sinkOf(w: NonNullable<typeof world>, logger = pino({ level: 'silent' })): IngestSink {
  const sink = createInboundSink({
    db: w.database.store.db,
    queue: w.queue,
    logger,
    handleCommand: () => Promise.reject(new Error('no commands here')),
    listening: { quietSeconds: 120, burstLimit: 60 },
  });
  w.sinks.push(sink);
  return sink;
}

/** Accepts events as the sink does, with no drainer running (as in a process that died after the ack). */
async function acceptOnly(w: NonNullable<typeof world>, accepted: readonly ChatEvent[]) {
  await acceptInbound(
    w.database.store.db,
    accepted.map((event) => ({ id: event.eventId, kind: event.type, json: JSON.stringify(event) })),
  );
}

const count = async (w: NonNullable<typeof world>, table: 'messages' | 'inbox' | 'inbound_events') =>
  Number(
    (
      await w.database.store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const chatJobs = async (w: NonNullable<typeof world>) =>
  (
    await sql<{ id: string }>`
      select data->'event'->>'eventId' as id from pgboss.job where name = 'chat-event'`.execute(
      w.database.store.db,
    )
  ).rows.map((row) => row.id);

describe('the inbox', { timeout: 60_000 }, () => {
  test('accepted events are stored and their jobs queued by the drainer; a redelivery is a duplicate', async () => {
    const w = await start();
    const sink = sinkOf(w);
    const mention = events.message(person('UREQ'), '<@UBOT> add a mul function', { mention: true });
    const chatter = events.message(person('UB'), 'lunch at 12?');
    expect(await sink(mention)).toEqual({});
    expect(await sink(chatter)).toEqual({});
    expect(await sink(mention)).toEqual({ duplicate: true });
    await waitFor(async () => (await count(w, 'inbox')) === 0, 10_000);
    expect(await count(w, 'messages')).toBe(2);
    expect(await count(w, 'inbound_events')).toBe(2);
    expect(await chatJobs(w)).toEqual([mention.eventId]);
  });

  test('events accepted while no drainer ran (a crash after the ack) are stored by the next one', async () => {
    const w = await start();
    const accepted: ChatEvent[] = [
      events.message(person('UREQ'), '<@UBOT> add retries', { mention: true }),
      events.message(person('UB'), 'sounds good'),
    ];
    await acceptOnly(w, accepted);
    expect(await count(w, 'inbox')).toBe(2);
    sinkOf(w); // the restarted process: its drainer looks at the inbox when it starts
    await waitFor(async () => (await count(w, 'inbox')) === 0, 10_000);
    expect(await count(w, 'messages')).toBe(2);
    expect(await chatJobs(w)).toEqual([accepted[0]?.eventId]);
  });

  test('an event that cannot be stored stays in the inbox with its reason; the others are stored', async () => {
    const w = await start();
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
    const good = events.message(person('UB'), 'first');
    const later = events.message(person('UB'), 'second');
    await acceptInbound(w.database.store.db, [
      { id: good.eventId, kind: 'message', json: JSON.stringify(good) },
      // Stored by an older version, say: a message without its reference. It must not block the rest.
      {
        id: 'slack:broken-1',
        kind: 'message',
        json: JSON.stringify({ eventId: 'slack:broken-1', type: 'message', message: { text: 'x' } }),
      },
      { id: later.eventId, kind: 'message', json: JSON.stringify(later) },
    ]);
    sinkOf(w, logger);
    await waitFor(async () => (await count(w, 'messages')) === 2, 10_000);
    const left = await w.database.store.db.selectFrom('inbox').selectAll().execute();
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ id: 'slack:broken-1', attempts: 1 });
    expect(left[0]?.last_error).toBeTruthy();
    expect(left[0]?.next_attempt_at.getTime()).toBeGreaterThan(Date.now());
    expect(lines.join('\n')).toMatch(/could not be stored; it stays in the inbox/);
  });

  test('two reactions on one message never share a batch: their jobs keep arrival order', async () => {
    const w = await start();
    const target = { channel: CHANNEL, messageId: '1700000000.000100' };
    const add = events.reaction(person('UA'), target, 'white_check_mark');
    const remove = events.reaction(person('UA'), target, 'white_check_mark', true);
    await acceptOnly(w, [add, remove]);
    sinkOf(w);
    await waitFor(async () => (await count(w, 'inbox')) === 0, 10_000);
    const { rows } = await sql<{ id: string; created_on: Date }>`
      select data->'event'->>'eventId' as id, created_on from pgboss.job
      where name = 'chat-event' order by created_on`.execute(w.database.store.db);
    expect(rows.map((r) => r.id)).toEqual([add.eventId, remove.eventId]);
    expect(rows[0]?.created_on.getTime()).toBeLessThan(rows[1]?.created_on.getTime() ?? 0);
  });

  test('a watched channel is read once per batch of its messages, not once per message', async () => {
    const w = await start();
    const channel = await ensureChannel(w.database.store.db, CHANNEL);
    await updateChannel(w.database.store.db, channel.id, { passiveListening: true });
    const burst = Array.from({ length: 5 }, (_, i) => events.message(person('UB'), `line ${i}`));
    await acceptOnly(w, burst);
    sinkOf(w);
    await waitFor(async () => (await count(w, 'inbox')) === 0, 10_000);
    const windows = await w.database.store.db.selectFrom('listen_windows').selectAll().execute();
    expect(windows).toHaveLength(1);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pgboss.job where name = 'listen'`.execute(w.database.store.db);
    expect(rows[0]?.n).toBe(1);
  });

  test('events arriving together are accepted together; a delivery twice in one statement counts once', async () => {
    const w = await start();
    const sink = sinkOf(w);
    const burst = Array.from({ length: 30 }, (_, i) => events.message(person('UB'), `line ${i}`));
    const twice = burst[7] as ChatEvent;
    const results = await Promise.all([...burst, twice].map((event) => sink(event)));
    expect(results.filter((r) => r.duplicate)).toHaveLength(1);
    expect(results.slice(0, 30).every((r) => !r.duplicate)).toBe(true);
    await waitFor(async () => (await count(w, 'inbox')) === 0, 10_000);
    expect(await count(w, 'inbound_events')).toBe(30);
    const stored = await w.database.store.db
      .selectFrom('messages')
      .select('text')
      .orderBy('sent_at')
      .execute();
    expect(stored.map((m) => m.text)).toEqual(burst.map((e) => (e.type === 'message' ? e.message.text : '')));
  });
});
