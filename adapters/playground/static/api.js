// The page's only contact with Codecot: JSON requests and one live stream.

/** A client id per action: a retried request re-delivers the same event, never a second message. */
export function clientId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Posts an action; network errors and 5xx answers are retried with the same client id. */
export async function act(action, body) {
  const payload = JSON.stringify({ ...body, clientId: clientId() });
  for (let attempt = 1; ; attempt += 1) {
    let res;
    try {
      res = await fetch(`/playground/api/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload,
      });
    } catch {
      if (attempt >= 3) throw new Error('Codecot is not reachable: is it still running?');
      await pause(attempt);
      continue;
    }
    const answer = await res.json().catch(() => ({}));
    if (res.ok) return answer;
    if (res.status < 500 || attempt >= 3) throw new Error(answer.error ?? `request failed (${res.status})`);
    await pause(attempt);
  }
}

const pause = (attempt) => new Promise((resolve) => setTimeout(resolve, 400 * attempt));

export async function loadState(user) {
  const res = await fetch(`/playground/api/state?user=${encodeURIComponent(user)}`);
  if (!res.ok) throw new Error(`could not load the playground (${res.status})`);
  return res.json();
}

/** Follows changes as they happen; `onOpen` runs on every (re)connection, to load what was missed. */
export function follow(user, onChange, onOpen) {
  const source = new EventSource(`/playground/api/events?user=${encodeURIComponent(user)}`);
  source.onopen = () => onOpen();
  source.onmessage = (event) => onChange(JSON.parse(event.data));
  return () => source.close();
}
