// Slack acknowledgement latency: Codecot's full ingest path (the real Slack adapter on Codecot's HTTP
// server: signature check, parse, author lookup (cached), dedupe, persist, enqueue, on PostgreSQL)
// against a bare @slack/bolt app on Bolt's own HTTPReceiver that only acknowledges. Both get the same
// open-loop stream of signed message events, in alternating segments of one run (target: p99 <= 1.25x).
// A third side shows the floor of storing before acknowledging: bare Bolt answering only after one
// committed INSERT (processBeforeResponse), on the same database.
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { App, LogLevel } from '@slack/bolt';
import pg from 'pg';
import pino from 'pino';
import { createSlackAdapter } from '../adapters/slack/index.ts';
import { createHttpServer } from '../src/http/server.ts';
import {
  FAKE_BOT_ID,
  FAKE_BOT_TOKEN,
  FAKE_BOT_USER_ID,
  FAKE_SIGNING_SECRET,
  FAKE_TEAM_ID,
  startFakeSlack,
} from '../test/fakes/slack/index.ts';
import { CHANNELS, POOL_SIZE, slackDeliveries, startIngestWorld, USERS } from './ingest-world.ts';
import type { LoadSegment, SegmentResult } from './open-loop.ts';

export interface Latency {
  p50: number;
  p99: number;
  failures: number;
}

export interface SlackAckResult {
  ratePerSecond: number;
  requestsEach: number;
  codecot: Latency;
  bolt: Latency;
  /** Bare Bolt answering after one committed INSERT: what storing before the ack costs at least. */
  boltInsert: Latency;
  p99Ratio: number;
  maxSendLagMs: number;
}

export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

/** Bolt on its own HTTPReceiver; with `store`, it answers only after that listener finished. */
async function startBareBolt(store?: (body: { event_id?: string }) => Promise<void>) {
  const app = new App({
    signingSecret: FAKE_SIGNING_SECRET,
    authorize: async () => ({
      botToken: FAKE_BOT_TOKEN,
      botUserId: FAKE_BOT_USER_ID,
      botId: FAKE_BOT_ID,
      teamId: FAKE_TEAM_ID,
    }),
    logLevel: LogLevel.ERROR,
    processBeforeResponse: store !== undefined,
  });
  // Bolt acknowledges Events API deliveries itself; the listener does nothing else.
  app.event(/.*/, async ({ body }) => {
    await store?.(body);
  });
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/slack/events`, stop: () => app.stop().then(() => undefined) };
}

async function startCodecotSlack() {
  const fake = await startFakeSlack({
    channels: CHANNELS.map((id) => ({ id, name: id.toLowerCase() })),
    users: USERS,
  });
  const world = await startIngestWorld();
  const logger = pino({ level: 'silent' });
  const http = createHttpServer(logger);
  const slack = createSlackAdapter({
    botToken: FAKE_BOT_TOKEN,
    signingSecret: FAKE_SIGNING_SECRET,
    apiUrl: fake.apiUrl,
    logger,
  });
  for (const route of slack.httpRoutes?.() ?? []) http.route(route.method, route.path, route.handler);
  const { port } = await http.listen(0, '127.0.0.1');
  await slack.start(world.sink);
  // The floor: one INSERT of the delivery id, committed, on the same database and pool size.
  const pool = new pg.Pool({ connectionString: world.store.url, max: POOL_SIZE });
  const boltInsert = await startBareBolt(async (body) => {
    await pool.query('insert into inbound_events (id, kind) values ($1, $2) on conflict (id) do nothing', [
      `bolt:${body.event_id}`,
      'message',
    ]);
  });
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    boltInsert,
    async stop() {
      await boltInsert.stop();
      await pool.end();
      await slack.stop();
      await http.close();
      await world.close();
      await fake.close();
    },
  };
}

type Side = 'codecot' | 'bolt' | 'boltInsert';
const SIDES: Side[] = ['codecot', 'bolt', 'boltInsert'];

export async function slackAck(seconds = 30, ratePerSecond = 50, segments = 6): Promise<SlackAckResult> {
  const perSegment = Math.round((seconds * ratePerSecond) / segments);
  const warmUp = ratePerSecond * 3;
  const bodies = slackDeliveries(SIDES.length * (warmUp + perSegment * segments));
  const worker = new Worker(new URL('./open-loop.ts', import.meta.url));
  const codecot = await startCodecotSlack();
  const bolt = await startBareBolt();
  const urls: Record<Side, string> = {
    codecot: codecot.url,
    bolt: bolt.url,
    boltInsert: codecot.boltInsert.url,
  };
  let answer: ((result: SegmentResult) => void) | undefined;
  let failed: ((error: Error) => void) | undefined;
  worker.on('message', (result: SegmentResult) => answer?.(result));
  worker.on('error', (error) => failed?.(error));
  const run = (url: string, count: number) =>
    new Promise<SegmentResult>((resolve, reject) => {
      [answer, failed] = [resolve, reject];
      const segment: LoadSegment = {
        url,
        bodies: bodies.splice(0, count),
        ratePerSecond,
        signingSecret: FAKE_SIGNING_SECRET,
      };
      worker.postMessage(segment);
    });
  try {
    // Warm-up (JIT, pool connections, the author lookups Codecot caches), not measured.
    for (const side of SIDES) await run(urls[side], warmUp);
    const measured: Record<Side, SegmentResult[]> = { codecot: [], bolt: [], boltInsert: [] };
    for (let segment = 0; segment < segments; segment += 1) {
      // Rotate which side goes first, so none always runs right after the same other.
      for (let i = 0; i < SIDES.length; i += 1) {
        const side = SIDES[(segment + i) % SIDES.length] as Side;
        measured[side].push(await run(urls[side], perSegment));
      }
    }
    const summary = (results: SegmentResult[]): Latency => {
      const all = results.flatMap((r) => r.latenciesMs);
      return {
        p50: percentile(all, 50),
        p99: percentile(all, 99),
        failures: results.reduce((n, r) => n + r.failures, 0),
      };
    };
    const c = summary(measured.codecot);
    const b = summary(measured.bolt);
    return {
      ratePerSecond,
      requestsEach: perSegment * segments,
      codecot: c,
      bolt: b,
      boltInsert: summary(measured.boltInsert),
      p99Ratio: c.p99 / b.p99,
      maxSendLagMs: Math.max(
        ...Object.values(measured).flatMap((results) => results.map((r) => r.maxSendLagMs)),
      ),
    };
  } finally {
    await worker.terminate();
    await bolt.stop();
    await codecot.stop();
  }
}
