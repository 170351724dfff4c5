import type { EventEmitter } from 'node:events';

/**
 * Resolve once `done()` holds, re-checking each time `emitter` fires `event`; reject with
 * `describe()` after `timeoutMs`. Event-driven, so tests never sleep for a fixed time.
 */
export function waitUntil(
  emitter: EventEmitter,
  event: string,
  done: () => boolean,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  if (done()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!done()) return;
      cleanup();
      resolve();
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(describe()));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      emitter.off(event, check);
    };
    emitter.on(event, check);
  });
}
