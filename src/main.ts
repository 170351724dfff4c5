// Composition root: the one file in src/ that builds adapters from config and starts everything.

import { createDiscordAdapter } from '../adapters/discord/index.ts';
import { createModel } from '../adapters/openai/index.ts';
import { createSlackAdapter } from '../adapters/slack/index.ts';
import { startCodecot } from './app.ts';
import { type Config, loadConfig, secretsOf } from './config.ts';
import { isCodecotError } from './errors.ts';
import { createLogger } from './logger.ts';
import { registerSecrets } from './redact.ts';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (isCodecotError(error, 'config_invalid')) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const config = readConfig();
registerSecrets(secretsOf(config));
const logger = createLogger(config.logLevel);

process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

try {
  const chats = [];
  if (config.slack) chats.push(createSlackAdapter({ ...config.slack, logger }));
  if (config.discord) chats.push(createDiscordAdapter({ ...config.discord, logger }));

  const codecot = await startCodecot(config, logger, {
    chats,

    model: config.model.configured ? createModel(config.model) : undefined,
  });

  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'signal received');
    codecot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  logger.fatal({ err: error }, 'codecot failed to start');
  process.exit(1);
}
