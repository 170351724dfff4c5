import type { LanguageModel } from 'ai';
import type { Config } from './config.ts';
import { dashboardRoutes, type ListLocalPulls } from './dashboard/index.ts';
import { healthRoute } from './http/health.ts';
import { createHttpServer, type HttpServer } from './http/server.ts';
import { startDigestCron } from './jobs/cron.ts';
import { createJobQueue, type JobQueue } from './jobs/queue.ts';
import { ALL_QUEUES } from './jobs/queues.ts';
import type { Logger } from './logger.ts';
import type { ExecutionDeps, Routing } from './pipeline/context.ts';
import { startPipeline } from './pipeline/index.ts';
import { createCodeHostEventSink } from './pipeline/ingest-code-host-event.ts';
import { createMirrorRefresher } from './pipeline/refresh-mirror.ts';
import type { ChatPlatform } from './ports/chat-platform.ts';
import type { CodeHost } from './ports/code-host.ts';
import type { CodeHostWebhooks } from './ports/code-host-webhooks.ts';
import { openStore, type Store } from './store/database.ts';
import { migrateToLatest } from './store/migrate.ts';

/** What the composition root hands the core: adapters built from config, not yet started. */
export interface Adapters {
  chats: ChatPlatform[];
  model?: { model: LanguageModel; modelName: string } | undefined;
  codeHost?: CodeHost | undefined;
  routing?: Routing | undefined;
  execution?: ExecutionDeps | undefined;
  /** The local-git code host's pull request records, shown on the dashboard. */
  localPulls?: ListLocalPulls | undefined;
  /** Code host webhooks (GitHub, with GITHUB_WEBHOOK_SECRET); without them CI is followed by polling. */
  codeHostWebhooks?: CodeHostWebhooks | undefined;
}

/** Until an executor is wired, specs say plainly that nothing can run them yet. */
const NO_EXECUTOR: Routing = {
  agent: 'not available yet',
  sandbox: 'not available yet',
  isolated: true,
  canExecute: false,
};

export interface RunningCodecot {
  port: number;
  store: Store;
  queue: JobQueue;
  http: HttpServer;
  /** Stops taking requests, drains running jobs (up to the configured time), closes the database. */
  stop(): Promise<void>;
}

/** Opens the store, migrates, starts the queue and the HTTP server, then the chat platforms. */
export async function startCodecot(
  config: Config,
  logger: Logger,
  adapters: Adapters,
): Promise<RunningCodecot> {
  const store = await openStore({
    url: config.database.url,
    dataDir: config.database.dataDir,
    ackWaitsForDisk: config.database.ackWaitsForDisk,
  });
  const applied = await migrateToLatest(store.db);
  logger.info({ engine: store.engine, applied }, 'database ready');

  const queue = createJobQueue(store, logger);
  await queue.start(ALL_QUEUES);
  await removeOrphanedCheckouts(store, adapters.execution, logger);
  let chatsStarted: () => void = () => {};
  const chatsReady = new Promise<void>((resolve) => {
    chatsStarted = resolve;
  });
  const sink = await startPipeline({
    chatsReady,
    db: store.db,
    ackDb: store.ackDb,
    queue,
    logger,
    config,
    chats: adapters.chats,
    model: adapters.model,
    codeHost: adapters.codeHost,
    routing: adapters.routing ?? NO_EXECUTOR,
    execution: adapters.execution,
  });

  const mirrors = createMirrorRefresher(adapters.execution, logger);
  const http = createHttpServer(logger);
  http.route('GET', '/healthz', healthRoute(store));
  for (const chat of adapters.chats) {
    for (const route of chat.httpRoutes?.() ?? []) http.route(route.method, route.path, route.handler);
  }
  if (adapters.codeHostWebhooks) {
    const route = adapters.codeHostWebhooks.route(
      createCodeHostEventSink({ db: store.db, queue, logger, onPush: mirrors.pushed }),
    );
    http.route(route.method, route.path, route.handler);
  }
  const dashboard = { db: store.db, logger, chats: adapters.chats, localPulls: adapters.localPulls };
  for (const route of dashboardRoutes({ ...dashboard, token: config.dashboardToken }))
    http.route(route.method, route.path, route.handler);
  const { port } = await http.listen(config.port, config.host);
  logger.info({ port, host: config.host }, 'http server listening');

  for (const chat of adapters.chats) {
    await chat.start(sink);
    logger.info({ platform: chat.name }, 'chat platform connected');
  }
  chatsStarted();
  // Every replica ticks; the job key (channel and period) keeps each digest to one job.
  const cron = startDigestCron({ db: store.db, queue, logger });
  logConfiguration(config, adapters, logger);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info('shutting down');
      for (const chat of adapters.chats)
        await chat.stop().catch((err: unknown) => logger.warn({ err }, 'chat stop failed'));
      await http.close();
      await sink.drainer.stop();
      await cron.stop();
      await queue.stop(config.shutdownSeconds * 1_000);
      await mirrors.idle();
      await adapters.execution?.workspaces.idle?.();
      await store.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  return { port, store, queue, http, stop };
}

function logConfiguration(config: Config, adapters: Adapters, logger: Logger): void {
  logger.info(
    {
      chat: adapters.chats.map((c) => c.name),
      slack: config.slack
        ? config.slack.appToken
          ? 'socket mode'
          : 'http events'
        : 'not configured (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN)',
      discord: config.discord ? 'configured' : 'not configured (set DISCORD_TOKEN)',
      model: config.model.configured
        ? `${config.model.name} via ${config.model.api} API${config.model.baseUrl ? ` at ${config.model.baseUrl}` : ''}`
        : 'not configured (set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server such as Ollama)',
      codeHost: config.github
        ? `github${config.github.apiUrl ? ` at ${config.github.apiUrl}` : ''}`
        : 'not configured (set GITHUB_TOKEN)',
      ci: adapters.codeHostWebhooks
        ? 'webhooks on POST /github/webhooks, polling as the fallback'
        : 'polling (set GITHUB_WEBHOOK_SECRET for webhooks)',
      database: config.database.url ? 'postgresql' : `embedded pglite in ${config.database.dataDir}`,
    },
    'configuration',
  );
}

/** Checkouts of executions that are no longer running (the process died mid-run) are removed at start. */
async function removeOrphanedCheckouts(
  store: Store,
  execution: ExecutionDeps | undefined,
  logger: Logger,
): Promise<void> {
  if (!execution?.workspaces.cleanupOrphans) return;
  const active = await store.db
    .selectFrom('executions')
    .select('id')
    .where('state', 'not in', ['queued', 'succeeded', 'failed', 'cancelled'])
    .execute();
  const removed = await execution.workspaces.cleanupOrphans(active.map((row) => row.id));
  if (removed.length) logger.info({ removed }, 'removed checkouts left by interrupted executions');
}
