import { randomBytes } from 'node:crypto';
import { GatewayOpcodes } from 'discord.js';
import { WebSocket } from 'ws';
import { receives, shapeForIntents } from './intents.ts';

export interface DispatchFrame {
  op: GatewayOpcodes.Dispatch;
  t: string;
  s: number;
  d: unknown;
}

/** One WebSocket the client opened; it belongs to a session once it has identified or resumed. */
export interface GatewayConnection {
  socket: WebSocket;
  session: GatewaySession | null;
  query: Record<string, string>;
}

/**
 * A gateway session as Discord keeps it: it outlives its socket so a client can RESUME, and it keeps every
 * dispatch it was sent (the replay buffer) so the ones the client missed can be sent again.
 */
export class GatewaySession {
  readonly id = randomBytes(16).toString('hex');
  readonly intents: number;
  readonly log: DispatchFrame[] = [];
  connection: GatewayConnection | null = null;
  #seq = 0;
  readonly #botId: string;

  constructor(intents: number, botId: string) {
    this.intents = intents;
    this.#botId = botId;
  }

  get seq(): number {
    return this.#seq;
  }

  /**
   * Numbers the dispatch and sends it if a socket is attached, or only keeps it for a later RESUME.
   * Returns false when the session's intents mean Discord would not send this event at all.
   */
  dispatch(t: string, d: unknown): boolean {
    if (!receives(this.intents, t, d)) return false;
    this.#seq += 1;
    const frame: DispatchFrame = {
      op: GatewayOpcodes.Dispatch,
      t,
      s: this.#seq,
      d: shapeForIntents(this.intents, t, d, this.#botId),
    };
    this.log.push(frame);
    if (this.connection) send(this.connection.socket, frame);
    return true;
  }

  /** The dispatches after `seq`, which a RESUME with that seq must receive again. */
  missedSince(seq: number): DispatchFrame[] {
    return this.log.filter((frame) => frame.s > seq);
  }
}

export function send(socket: WebSocket, payload: unknown): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
}
