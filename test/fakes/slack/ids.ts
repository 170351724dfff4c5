import { randomBytes } from 'node:crypto';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Slack-looking opaque id: prefix plus uppercase alphanumerics (`Ev0A1B2C3D4`, `T0123ABC`). */
export function randomSlackId(prefix: string, length = 9): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
}

export function newEventId(): string {
  return randomSlackId('Ev0', 9);
}

let lastMicros = 0;

/**
 * Message timestamps are Slack's message ids: "<unix seconds>.<6 digits>", unique per channel and
 * ordered. One clock for the whole process (fakes and fixtures alike) keeps them strictly increasing
 * and collision-free, even for several messages within the same microsecond.
 */
export function nextMessageTs(): string {
  lastMicros = Math.max(lastMicros + 1, Date.now() * 1000);
  return microsToTs(lastMicros);
}

export function nowTs(): string {
  return microsToTs(Date.now() * 1000);
}

function microsToTs(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

/** Compare two Slack ts strings numerically without losing microsecond precision to floats. */
export function compareTs(a: string, b: string): number {
  const [aSec = '0', aMicro = '0'] = a.split('.');
  const [bSec = '0', bMicro = '0'] = b.split('.');
  return Number(aSec) - Number(bSec) || Number(aMicro.padEnd(6, '0')) - Number(bMicro.padEnd(6, '0'));
}

// Slack's history/replies cursors are base64 of "next_ts:<ts without the dot>"; mimic that so code
// that treats them as opaque strings sees the same kind of value as in production.
export function encodeCursor(ts: string): string {
  return Buffer.from(`next_ts:${ts.replace('.', '')}`).toString('base64');
}

export function decodeCursor(cursor: string): string | undefined {
  const match = /^next_ts:(\d+)(\d{6})$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match ? `${match[1]}.${match[2]}` : undefined;
}
