// What the ingest benchmarks share: Codecot's inbound sink on a scratch PostgreSQL database (the real
// store, migrations and pg-boss queues, no job workers), and a realistic stream of channel traffic.
import pino from 'pino';
import type { ChatEvent } from '../src/domain/chat-events.ts';
import { createJobQueue, type JobQueue } from '../src/jobs/queue.ts';
import { ALL_QUEUES } from '../src/jobs/queues.ts';
import { createInboundSink, type IngestSink } from '../src/pipeline/ingest-event.ts';
import { openStore, type Store } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { ensureChannel, updateChannel } from '../src/store/repositories/channels.ts';
import { newEventId, nextMessageTs } from '../test/fakes/slack/ids.ts';
import {
  appMentionEvent,
  eventCallback,
  FAKE_BOT_USER_ID,
  FAKE_TEAM_ID,
  messageEvent,
} from '../test/fakes/slack/index.ts';
import { createScratchDatabase, dropScratchDatabase } from '../test/helpers/database.ts';

/** The PostgreSQL server the benchmarks create their scratch databases on. */
export const benchServerUrl = (): string =>
  process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** Codecot's own pool size (src/store/database.ts): the number of clients pgbench gets too. */
export const POOL_SIZE = 10;

export const CHANNELS = ['C0BENCH01', 'C0BENCH02', 'C0BENCH03', 'C0BENCH04', 'C0BENCH05', 'C0BENCH06'];
/** Half the channels are watched (passive listening), so their messages also schedule a read. */
const WATCHED = new Set(CHANNELS.slice(0, 3));
export const USERS = Array.from({ length: 20 }, (_, i) => ({
  id: `U0BENCH${String(i).padStart(2, '0')}`,
  name: `person${i}`,
}));
const LINES = [
  'the upload retries look flaky again on the staging box, anyone seen that since the deploy?',
  'lunch at 12:30?',
  'I pushed a fix for the date parsing, PR is up if someone has five minutes',
  'can we bump the timeout on the export job, it keeps failing for the big customers',
  'ok',
  'the dashboard shows the wrong currency for the EU accounts, see the screenshot in the ticket',
  'standup moved to 10 tomorrow',
  'we should add a retry with backoff around the webhook sender, it drops events when the API blips',
];

export interface IngestWorld {
  store: Store;
  queue: JobQueue;
  sink: IngestSink;
  close(): Promise<void>;
}

/** Codecot's ingest path on a fresh database: the sink exactly as startPipeline builds it (with a model configured). */
export async function startIngestWorld(): Promise<IngestWorld> {
  const server = benchServerUrl();
  const url = await createScratchDatabase(server);
  const store = await openStore({ url, dataDir: 'memory://', poolSize: POOL_SIZE });
  const logger = pino({ level: 'silent' });
  await migrateToLatest(store.db);
  const queue = createJobQueue(store, logger);
  await queue.start(ALL_QUEUES);
  for (const channelId of CHANNELS) {
    const channel = await ensureChannel(store.db, {
      platform: 'slack',
      workspaceId: FAKE_TEAM_ID,
      channelId,
    });
    if (WATCHED.has(channelId)) await updateChannel(store.db, channel.id, { passiveListening: true });
  }
  const sink = createInboundSink({
    db: store.db,
    ackDb: store.ackDb,
    queue,
    logger,
    handleCommand: () => Promise.reject(new Error('no commands in this benchmark')),
    // CODECOT_QUIET_SECONDS and CODECOT_BURST_LIMIT defaults.
    listening: { quietSeconds: 120, burstLimit: 60 },
  });
  return {
    store,
    queue,
    sink,
    async close() {
      await sink.drainer.stop();
      await queue.stop(1_000);
      await store.close();
      await dropScratchDatabase(server, new URL(url).pathname.slice(1));
    },
  };
}

/** The i-th message of the stream: channel chatter, every 5th a thread reply, every 10th a mention of the bot. */
function nthMessage(i: number, roots: Map<string, string>) {
  const channel = CHANNELS[i % CHANNELS.length] as string;
  const user = USERS[(i * 7) % USERS.length] as (typeof USERS)[number];
  const mention = i % 10 === 0;
  const text = `${mention ? `<@${FAKE_BOT_USER_ID}> ` : ''}${LINES[i % LINES.length]}`;
  const threadTs = i % 5 === 3 ? roots.get(channel) : undefined;
  const ts = nextMessageTs();
  if (!threadTs) roots.set(channel, ts);
  return { channel, user, text, ts, threadTs, mention };
}

/** Signed-request bodies as Slack sends them (a mention arrives as a message and as app_mention). */
export function slackDeliveries(count: number): string[] {
  const roots = new Map<string, string>();
  const bodies: string[] = [];
  for (let i = 0; bodies.length < count; i += 1) {
    const m = nthMessage(i, roots);
    const input = {
      channel: m.channel,
      user: m.user.id,
      text: m.text,
      ts: m.ts,
      ...(m.threadTs ? { threadTs: m.threadTs } : {}),
    };
    bodies.push(JSON.stringify(eventCallback(messageEvent(input))));
    if (m.mention) bodies.push(JSON.stringify(eventCallback(appMentionEvent(input))));
  }
  return bodies.slice(0, count);
}

/** The same stream as canonical events, as the Slack adapter hands them to the sink. */
export function canonicalEvents(count: number): ChatEvent[] {
  const roots = new Map<string, string>();
  const events: ChatEvent[] = [];
  for (let i = 0; events.length < count; i += 1) {
    const m = nthMessage(i, roots);
    const message = {
      ref: {
        channel: { platform: 'slack' as const, workspaceId: FAKE_TEAM_ID, channelId: m.channel },
        messageId: m.ts,
        ...(m.threadTs ? { threadId: m.threadTs } : {}),
      },
      author: { id: `slack:${m.user.id}`, name: m.user.name, trust: 'trusted' as const, isBot: false },
      text: m.text,
      mentionsBot: m.mention,
      at: new Date(),
    };
    events.push({ eventId: `slack:${newEventId()}`, type: 'message', message });
    if (m.mention) events.push({ eventId: `slack:${newEventId()}`, type: 'mention', message });
  }
  return events.slice(0, count);
}
