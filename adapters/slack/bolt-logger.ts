import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../src/logger.ts';

const PINO_LEVEL: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/**
 * Bolt, the WebClient and the Socket Mode client log through this, so their lines land in our
 * structured (and redacted) log instead of on the console. Their chatty info lines go to debug.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'slack-sdk' });
  const text = (parts: unknown[]) =>
    parts.map((part) =>
      typeof part === 'string' ? part : part instanceof Error ? part.message : String(part),
    );
  return {
    debug: (...msg: unknown[]) => child.debug(text(msg).join(' ')),
    info: (...msg: unknown[]) => child.debug(text(msg).join(' ')),
    warn: (...msg: unknown[]) => child.warn(text(msg).join(' ')),
    error: (...msg: unknown[]) => child.error(text(msg).join(' ')),
    // The level is ours to set (LOG_LEVEL), not the SDK's.
    setLevel: () => {},
    getLevel: () => levelOf(child.level),
    setName: () => {},
  };
}

function levelOf(pinoLevel: string): LogLevel {
  const found = (Object.entries(PINO_LEVEL) as [LogLevel, string][]).find(([, name]) => name === pinoLevel);
  return found?.[0] ?? (pinoLevel === 'trace' ? LogLevel.DEBUG : LogLevel.ERROR);
}
