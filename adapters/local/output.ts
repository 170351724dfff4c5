import type { Readable } from 'node:stream';

/** Keeps the first `maxBytes` of a stream and drops the rest, while still reading it to the end. */
export interface CappedOutput {
  text(): string;
  readonly truncated: boolean;
}

/**
 * Drains `stream` completely so the child never blocks on a full pipe, but keeps only the first
 * `maxBytes`; a runaway `yes` costs CPU, never memory.
 */
export function captureCapped(stream: Readable | null, maxBytes: number): CappedOutput {
  const chunks: Buffer[] = [];
  let kept = 0;
  let truncated = false;
  stream?.on('data', (chunk: Buffer) => {
    const room = maxBytes - kept;
    if (room <= 0) {
      if (chunk.length > 0) truncated = true;
      return;
    }
    const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (piece.length < chunk.length) truncated = true;
    chunks.push(piece);
    kept += piece.length;
  });
  // A read error (the pipe torn down by a kill) only ends the capture; the exit status tells the story.
  stream?.on('error', () => {});
  return {
    text: () => Buffer.concat(chunks).toString('utf8'),
    get truncated() {
      return truncated;
    },
  };
}
