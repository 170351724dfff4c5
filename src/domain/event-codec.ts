import type { ChatEvent } from './chat-events.ts';

/**
 * Chat events travel through the job queue as JSON; dates come back as Dates. Only the known date
 * fields are revived, so text that merely looks like a date stays text.
 */
export function encodeEvent(event: ChatEvent): Record<string, unknown> {
  return JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
}

export function decodeEvent(raw: Record<string, unknown>): ChatEvent {
  return reviveDates(structuredClone(raw));
}

/** decodeEvent for JSON text: the parsed object is new, so its dates are revived in place, no copy. */
export function parseEvent(json: string): ChatEvent {
  return reviveDates(JSON.parse(json) as Record<string, unknown>);
}

function reviveDates(raw: Record<string, unknown>): ChatEvent {
  const event = raw as Record<string, unknown> & { message?: { at: unknown } };
  if (typeof event.at === 'string') event.at = new Date(event.at);
  if (event.message && typeof event.message.at === 'string') event.message.at = new Date(event.message.at);
  return event as unknown as ChatEvent;
}
