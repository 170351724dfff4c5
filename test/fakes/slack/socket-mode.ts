import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { SOCKET_MODE_PATH } from './constants.ts';
import type { SocketAck, SocketDeliverOptions, WorkspaceIdentity } from './types.ts';
import { waitUntil } from './wait-until.ts';

/**
 * Slack's Socket Mode endpoint: accepts WebSocket upgrades carrying a ticket issued by
 * apps.connections.open, greets with `hello`, delivers envelopes and collects the client's acks.
 */
export class SocketModeServer {
  /** Every message a client sent us (acks, mostly), in arrival order. */
  readonly received: SocketAck[] = [];
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #identity: WorkspaceIdentity;
  readonly #tickets = new Set<string>();
  readonly #open: WebSocket[] = [];
  readonly #pendingAcks = new Map<string, (ack: SocketAck) => void>();
  readonly #changes = new EventEmitter();
  #connectionsOpened = 0;

  constructor(identity: WorkspaceIdentity) {
    this.#identity = identity;
  }

  get connectionsOpened(): number {
    return this.#connectionsOpened;
  }

  get openConnections(): number {
    return this.#open.length;
  }

  /** One-time URL like Slack's `wss://wss-primary.slack.com/link/?ticket=...&app_id=...`. */
  issueUrl(wsBaseUrl: string): string {
    const ticket = randomUUID();
    this.#tickets.add(ticket);
    return `${wsBaseUrl}${SOCKET_MODE_PATH}?ticket=${ticket}&app_id=${this.#identity.appId}`;
  }

  /** Returns false when the upgrade is not for Socket Mode, so the caller can refuse it. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://fake-slack.invalid');
    if (url.pathname !== SOCKET_MODE_PATH) return false;
    const ticket = url.searchParams.get('ticket') ?? '';
    if (!this.#tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return true;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws));
    return true;
  }

  #accept(ws: WebSocket): void {
    this.#open.push(ws);
    this.#connectionsOpened += 1;
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const message = JSON.parse(data.toString()) as SocketAck;
      this.received.push(message);
      this.#pendingAcks.get(message.envelope_id)?.(message);
    });
    ws.on('close', () => {
      this.#open.splice(this.#open.indexOf(ws), 1);
      this.#changes.emit('change');
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.#open.length,
        debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.#identity.appId },
      }),
    );
    this.#changes.emit('change');
  }

  /** Resolve once `count` connections have been opened in total (reconnects included). */
  waitForConnections(count: number, timeoutMs = 5_000): Promise<void> {
    const done = () => this.#connectionsOpened >= count && this.#open.length > 0;
    const describe = () =>
      `fake slack: ${count} socket connection(s) expected within ${timeoutMs}ms, saw ${this.#connectionsOpened}`;
    return waitUntil(this.#changes, 'change', done, timeoutMs, describe);
  }

  async deliver(payload: unknown, options: SocketDeliverOptions = {}): Promise<SocketAck> {
    const type = options.type ?? 'events_api';
    const timeoutMs = options.timeoutMs ?? 3_000;
    await this.waitForConnections(1, timeoutMs);
    // The newest connection is the live one; older ones may be draining after a refresh.
    const socket = this.#open.at(-1);
    if (!socket) throw new Error('fake slack: no open Socket Mode connection');
    const envelopeId = options.envelopeId ?? randomUUID();
    const envelope = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: options.acceptsResponsePayload ?? type !== 'events_api',
      retry_attempt: options.retryAttempt ?? 0,
      retry_reason: options.retryReason ?? '',
    };
    return new Promise<SocketAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pendingAcks.delete(envelopeId);
        reject(new Error(`fake slack: no ack for ${type} envelope ${envelopeId} within ${timeoutMs}ms`));
      }, timeoutMs);
      this.#pendingAcks.set(envelopeId, (ack) => {
        clearTimeout(timer);
        this.#pendingAcks.delete(envelopeId);
        resolve(ack);
      });
      socket.send(JSON.stringify(envelope));
    });
  }

  /** Ask every client to reconnect, as Slack does before recycling a connection. */
  disconnect(reason = 'refresh_requested'): void {
    const message = JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake' } });
    for (const ws of this.#open) ws.send(message);
  }

  /** Cut every connection without a close handshake (network failure). */
  drop(): void {
    for (const ws of [...this.#open]) ws.terminate();
  }

  /**
   * Close with a handshake so the client sees a clean close instead of a socket error (Bolt's
   * `app.stop()` does not wait for its own close frame to be answered); stop the App first.
   */
  async close(): Promise<void> {
    const closing = this.#open.map(
      (ws) =>
        new Promise<void>((resolve) => {
          const force = setTimeout(() => ws.terminate(), 1_000);
          ws.once('close', () => {
            clearTimeout(force);
            resolve();
          });
          ws.close(1001, 'fake slack shutting down');
        }),
    );
    await Promise.all(closing);
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }
}
