import { EventEmitter } from 'node:events';

/**
 * Lets tests await a condition on the fake's state without sleeping: every state change (REST call,
 * gateway frame) pings the signal and pending waits re-check their condition.
 */
export class ChangeSignal {
  readonly #emitter = new EventEmitter().setMaxListeners(0);

  notify(): void {
    this.#emitter.emit('change');
  }

  waitFor<T>(check: () => T | undefined | null | false, timeoutMs: number, description: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        this.#emitter.off('change', attempt);
      };
      const attempt = () => {
        const value = check();
        if (value === undefined || value === null || value === false) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`FakeDiscord: timed out after ${timeoutMs} ms waiting for ${description}`));
      }, timeoutMs);
      this.#emitter.on('change', attempt);
      attempt();
    });
  }
}
