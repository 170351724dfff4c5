import { App, type AuthorizeResult, type Receiver } from '@slack/bolt';
import type { Logger } from '../../src/logger.ts';
import { boltLogger } from './bolt-logger.ts';
import { renderNote } from './format.ts';
import type { InboundHandler } from './inbound.ts';

export interface BoltAppOptions {
  receiver: Receiver;
  logger: Logger;
  apiUrl?: string | undefined;
  /** The bot's token and identity, known once the adapter has started (auth.test). */
  authorization(): AuthorizeResult;
  inbound: InboundHandler;
}

/**
 * The Bolt App: one listener for every Events API event and one for slash commands, both handing
 * the raw payload to the inbound handler. `ignoreSelf` is off on purpose: the bot's own messages
 * and reactions reach the core labelled as a bot's, and the core decides to ignore them.
 */
export function createBoltApp(options: BoltAppOptions): App {
  const app = new App({
    receiver: options.receiver,
    authorize: async () => options.authorization(),
    logger: boltLogger(options.logger),
    ignoreSelf: false,
    ...(options.apiUrl ? { clientOptions: { slackApiUrl: options.apiUrl } } : {}),
  });
  app.event(/.*/, async ({ body }) => {
    await options.inbound.onEnvelope(body);
  });
  app.command(/.*/, async ({ command, ack }) => {
    const { reply } = await options.inbound.onCommand(command);
    // The reply goes back in the ack, shown to the invoking user only.
    await ack(reply === undefined ? undefined : { response_type: 'ephemeral', text: renderNote(reply) });
  });
  app.error(async (error) => {
    // The receiver logs it and withholds the ack, so Slack redelivers.
    throw error.original ?? error;
  });
  return app;
}
