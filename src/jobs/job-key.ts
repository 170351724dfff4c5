import { createHash } from 'node:crypto';

/**
 * The job id is derived from the queue name and the job key (spec version id, execution id...):
 * pg-boss ignores a second insert with an existing id, so redelivered events and racing replicas
 * cannot enqueue the same work twice.
 */
export function jobIdFor(queue: string, key: string): string {
  const hex = createHash('sha256').update(queue).update('\0').update(key).digest('hex');
  // RFC 9562 version 8 (custom) UUID with the RFC variant bits.
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
