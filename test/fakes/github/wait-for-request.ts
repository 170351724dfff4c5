import type { FakeState, RecordedRequest } from './state.ts';

/**
 * Resolves with the first request matching `predicate`: one already recorded, or the next to arrive.
 * Rejects after `timeoutMs` listing what was seen, so a failing test says what happened instead.
 */
export function waitForRequest(
  state: FakeState,
  predicate: (request: RecordedRequest) => boolean,
  timeoutMs: number,
): Promise<RecordedRequest> {
  const existing = state.requests.find(predicate);
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      const seen = state.requests.map((request) => `${request.method} ${request.path} -> ${request.status}`);
      reject(new Error(`waitForRequest: no match within ${timeoutMs} ms; saw:\n  ${seen.join('\n  ')}`));
    }, timeoutMs);
    const unsubscribe = state.onRequest((request) => {
      if (!predicate(request)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(request);
    });
  });
}
