import { randomUUID } from 'node:crypto';
import { startDiscordDriver } from '../e2e/discord-driver.ts';
import { DeliveryLog, type PlatformDriver } from '../e2e/driver.ts';
import { startSlackDriver } from '../e2e/slack-driver.ts';
import { type E2EWorld, startE2EWorld } from '../e2e/world.ts';
import { sendWebhook } from '../fakes/github/index.ts';
import {
  type DiscordReplays,
  type RelayedRequest,
  repeatDiscordDispatches,
  type SlackRetries,
  startSlackRetries,
} from './redelivery-transport.ts';

const WEBHOOK_SECRET = 'whsec-redelivery-0b7e';

/** One GitHub delivery id and Codecot's answer to each copy of it, in the order they were sent. */
export interface RedeliveredWebhook {
  event: string;
  deliveryId: string;
  answers: { status: number; body: string }[];
}

export interface RedeliveryWorld {
  platform: 'slack' | 'discord';
  /** How many times every inbound event reaches Codecot. */
  copies: number;
  world: E2EWorld;
  driver: PlatformDriver;
  /** Every event the adapter handed to the core, copies included. */
  log: DeliveryLog;
  /** Slack: each request relayed with its retries' statuses (empty on Discord). */
  relayed(): RelayedRequest[];
  webhooks: RedeliveredWebhook[];
  /** POSTs a GitHub delivery, then the same delivery (same X-GitHub-Delivery) again, the rest at once. */
  webhook(event: string, payload: unknown): Promise<void>;
  /** Resolves once every copy of every inbound chat event so far reached the core. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The e2e world (the whole product with the real chat adapter against its fake, real Octokit with
 * webhooks, bwrap) with every inbound event delivered `copies` times the way the platform redelivers:
 * Slack retries with X-Slack-Retry-Num, Discord duplicates and RESUME replays, GitHub redeliveries.
 * CI is polled only after ten minutes, so every CI result arrives through a webhook.
 */
export async function startRedeliveryWorld(
  platform: 'slack' | 'discord',
  copies: number,
): Promise<RedeliveryWorld> {
  const log = new DeliveryLog();
  const discord = platform === 'discord' ? await startDiscordDriver() : undefined;
  const driver: PlatformDriver = discord ?? (await startSlackDriver());
  let retries: SlackRetries | undefined;
  let replays: DiscordReplays | undefined;
  let world: E2EWorld | undefined;
  const stop = async () => {
    await world?.stop();
    await retries?.close();
    await driver.close();
  };
  try {
    world = await startE2EWorld(
      { env: driver.setup.env, build: (config, logger) => log.observe(driver.setup.build(config, logger)) },
      {
        approver: driver.idOf('approver'),
        modelApi: platform === 'slack' ? 'responses' : 'chat',
        env: { GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET, CODECOT_CI_POLL_SECONDS: '600' },
      },
    );
    const running = world;
    if (discord) {
      replays = repeatDiscordDispatches(discord.fake, log, copies);
      driver.attach(running.codecot);
    } else {
      retries = await startSlackRetries(() => running.codecot.port, copies);
      driver.attach({ ...running.codecot, port: retries.port });
    }
    const webhooks: RedeliveredWebhook[] = [];
    const url = `http://127.0.0.1:${running.codecot.port}/github/webhooks`;
    const send = async (event: string, payload: unknown, deliveryId: string) => {
      const response = await sendWebhook(url, event, payload, { secret: WEBHOOK_SECRET, deliveryId });
      return { status: response.status, body: response.body };
    };
    return {
      platform,
      copies,
      world: running,
      driver,
      log,
      relayed: () => retries?.relayed ?? [],
      webhooks,
      async webhook(event, payload) {
        const deliveryId = randomUUID();
        const first = await send(event, payload, deliveryId);
        const again = await Promise.all(
          Array.from({ length: copies - 1 }, () => send(event, payload, deliveryId)),
        );
        webhooks.push({ event, deliveryId, answers: [first, ...again] });
      },
      settle: async () => replays?.settled(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
