import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  GatewayCloseCodes,
  type GatewayIdentifyData,
  GatewayOpcodes,
  type GatewayResumeData,
} from 'discord.js';
import { type WebSocket, WebSocketServer } from 'ws';
import { type GatewayOptions, type HandshakeState, identify, resume } from './gateway-handshake.ts';
import { type GatewayConnection, type GatewaySession, send } from './gateway-session.ts';

export type { GatewayOptions } from './gateway-handshake.ts';

/** Discord's gateway protocol over `ws`: HELLO, IDENTIFY/READY, heartbeats, RESUME with replay, op 9. */
export class FakeGateway implements HandshakeState {
  readonly options: GatewayOptions;
  readonly stats = { identifies: 0, resumes: 0, heartbeats: 0, invalidSessions: 0 };
  readonly identifyPayloads: GatewayIdentifyData[] = [];
  readonly resumePayloads: GatewayResumeData[] = [];
  /** Query strings of every WebSocket the client opened (`v`, `encoding`, `compress`). */
  readonly connectionQueries: Record<string, string>[] = [];
  readonly sessions = new Map<string, GatewaySession>();
  readonly #connections = new Set<GatewayConnection>();
  readonly #server = new WebSocketServer({ noServer: true });

  constructor(options: GatewayOptions) {
    this.options = options;
  }

  get connectedClients(): number {
    return this.#connections.size;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#server.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, request));
  }

  /** Sends (or, for a disconnected session, buffers) a dispatch to every live session; returns how many. */
  dispatch(t: string, d: unknown): number {
    let reached = 0;
    for (const session of this.sessions.values()) if (session.dispatch(t, d)) reached += 1;
    return reached;
  }

  /** Cuts every socket without ending its session: non-1000 codes make discord.js RESUME. */
  dropConnections(code: number): void {
    for (const connection of this.#connections) {
      if (connection.session?.connection === connection) connection.session.connection = null;
      connection.session = null;
      if (code === 1006) connection.socket.terminate();
      else connection.socket.close(code, 'fake: connection dropped');
    }
  }

  /** Forgets all sessions, so the next RESUME is answered with op 9 (invalid session). */
  invalidateSessions(): void {
    this.sessions.clear();
  }

  close(): void {
    for (const connection of this.#connections) connection.socket.terminate();
    this.#server.close();
  }

  #accept(socket: WebSocket, request: IncomingMessage): void {
    const query = Object.fromEntries(new URL(request.url ?? '/', 'http://127.0.0.1').searchParams);
    this.connectionQueries.push(query);
    const connection: GatewayConnection = { socket, session: null, query };
    this.#connections.add(connection);
    socket.on('message', (raw) => this.#onFrame(connection, raw.toString()));
    socket.on('close', (code) => this.#onClose(connection, code));
    this.options.onChange();
    if (query.v !== '10') {
      socket.close(GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version.');
    } else if ((query.encoding ?? 'json') !== 'json' || query.compress !== undefined) {
      // The fake speaks plain JSON only: no ETF, no zlib-stream transport compression.
      socket.close(GatewayCloseCodes.DecodeError, 'fake: only encoding=json without compress is supported');
    } else {
      send(socket, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs } });
    }
  }

  #onClose(connection: GatewayConnection, code: number): void {
    this.#connections.delete(connection);
    const session = connection.session;
    if (session?.connection === connection) session.connection = null;
    // Discord ends the session when the client closes normally; other codes keep it resumable.
    if (session && (code === 1000 || code === 1001)) this.sessions.delete(session.id);
    this.options.onChange();
  }

  #onFrame(connection: GatewayConnection, raw: string): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      payload = JSON.parse(raw);
    } catch {
      connection.socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        this.stats.heartbeats += 1;
        send(connection.socket, { op: GatewayOpcodes.HeartbeatAck });
        break;
      case GatewayOpcodes.Identify:
        identify(this, connection, payload.d as GatewayIdentifyData);
        break;
      case GatewayOpcodes.Resume:
        resume(this, connection, payload.d as GatewayResumeData);
        break;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
        // Accepted and ignored once authenticated; the fake has no presences, voice or member chunks.
        if (!connection.session)
          connection.socket.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
        break;
      default:
        connection.socket.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
    this.options.onChange();
  }
}
