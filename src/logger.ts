import pino, { type Logger } from 'pino';
import { redact, redactDeep } from './redact.ts';

export type { Logger } from 'pino';

/** Structured JSON logs; every message and field goes through the one redaction function. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'codecot' },
      formatters: { log: (object) => redactDeep(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((arg) => (typeof arg === 'string' ? redact(arg) : arg));
          method.apply(this, redacted as Parameters<typeof method>);
        },
      },
      serializers: {
        err: (error: unknown) => redactDeep(error),
        error: (error: unknown) => redactDeep(error),
      },
    },
    destination,
  );
}
