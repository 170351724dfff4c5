import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Room, RoomChange } from './room.ts';
import { type LinkRewriter, toView } from './views.ts';

const KEEPALIVE_MS = 15_000;

/**
 * Server-sent events: every change in the room reaches the open pages as it happens. A note for
 * one user reaches only the pages that user has open.
 */
export class LiveUpdates {
  private readonly streams = new Set<ServerResponse>();
  private readonly room: Room;
  private readonly rewrite: LinkRewriter | undefined;
  private closed = false;

  constructor(room: Room, rewrite: LinkRewriter | undefined) {
    this.room = room;
    this.rewrite = rewrite;
  }

  open(req: IncomingMessage, res: ServerResponse, userId: string | undefined): void {
    if (this.closed) {
      res.writeHead(503, { 'retry-after': '5' }).end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    const send = (change: RoomChange) => {
      const data = this.payload(change, userId);
      if (data) res.write(`data: ${JSON.stringify(data)}\n\n`);
    };
    const unsubscribe = this.room.subscribe(send);
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    this.streams.add(res);
    const end = () => {
      clearInterval(keepalive);
      unsubscribe();
      this.streams.delete(res);
    };
    req.once('close', end);
    res.once('close', end);
  }

  /** Ends every stream, so the HTTP server can close; pages reconnect to the next run. */
  close(): void {
    this.closed = true;
    for (const res of this.streams) res.end();
    this.streams.clear();
  }

  private payload(change: RoomChange, userId: string | undefined): object | undefined {
    if (change.kind === 'channel') return change;
    if (change.kind === 'removed') {
      if (change.visibleTo !== undefined && change.visibleTo !== userId) return undefined;
      return { kind: 'removed', id: change.id, channel: change.channel };
    }
    const { visibleTo } = change.message;
    if (visibleTo !== undefined && visibleTo !== userId) return undefined;
    return { kind: 'message', message: toView(change.message, this.rewrite) };
  }
}
