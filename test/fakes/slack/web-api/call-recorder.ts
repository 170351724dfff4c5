import type { RecordedCall } from '../types.ts';

type CallPredicate = (call: RecordedCall) => boolean;

interface Waiter {
  method: string;
  predicate: CallPredicate;
  resolve: (call: RecordedCall) => void;
}

/** Every Web API call the fake answered, in order, plus a way to await one without sleeping. */
export class CallRecorder {
  readonly calls: RecordedCall[] = [];
  readonly #waiters = new Set<Waiter>();

  record(call: RecordedCall): void {
    this.calls.push(call);
    for (const waiter of this.#waiters) {
      if (waiter.method === call.method && waiter.predicate(call)) {
        this.#waiters.delete(waiter);
        waiter.resolve(call);
      }
    }
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /**
   * Resolve with the first call to `method` matching `predicate`, including calls that already
   * happened (so there is no race between triggering the call and starting to wait).
   */
  waitForCall(
    method: string,
    predicate: CallPredicate = () => true,
    timeoutMs = 2_000,
  ): Promise<RecordedCall> {
    const existing = this.calls.find((call) => call.method === method && predicate(call));
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        method,
        predicate,
        resolve: (call) => {
          clearTimeout(timer);
          resolve(call);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const seen = this.callsTo(method).length;
        const methods = [...new Set(this.calls.map((call) => call.method))].join(', ') || 'none';
        reject(
          new Error(
            `fake slack: no matching ${method} call within ${timeoutMs}ms ` +
              `(${seen} non-matching ${method} calls; methods called: ${methods})`,
          ),
        );
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  clear(): void {
    this.calls.length = 0;
  }
}
