import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, listenOnLoopback } from './http-server.ts';
import { resolveIdentity } from './identity.ts';
import { SocketModeServer } from './socket-mode.ts';
import type {
  FakeEphemeral,
  FakeMessage,
  FakeReaction,
  FakeSlackChannel,
  FakeSlackOptions,
  FakeSlackUser,
  RateLimitOptions,
  RecordedCall,
  SeedMessage,
  SocketAck,
  SocketDeliverOptions,
  WorkspaceIdentity,
} from './types.ts';
import { CallRecorder } from './web-api/call-recorder.ts';
import { RateLimiter } from './web-api/rate-limiter.ts';
import { FakeWorkspace } from './workspace.ts';

/**
 * A fake Slack on 127.0.0.1 speaking the real wire protocols: the Web API under `${url}/api/` and
 * Socket Mode over WebSocket. Point real clients at it with `slackApiUrl: fake.apiUrl`.
 */
export class FakeSlack {
  readonly url: string;
  readonly apiUrl: string;
  readonly identity: WorkspaceIdentity;
  readonly #server: Server;
  readonly #workspace: FakeWorkspace;
  readonly #recorder: CallRecorder;
  readonly #rateLimiter: RateLimiter;
  readonly #socketMode: SocketModeServer;

  private constructor(
    server: Server,
    workspace: FakeWorkspace,
    recorder: CallRecorder,
    rateLimiter: RateLimiter,
    socketMode: SocketModeServer,
  ) {
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.url}/api/`;
    this.identity = workspace.identity;
    this.#server = server;
    this.#workspace = workspace;
    this.#recorder = recorder;
    this.#rateLimiter = rateLimiter;
    this.#socketMode = socketMode;
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const workspace = new FakeWorkspace(resolveIdentity(options));
    for (const user of options.users ?? []) workspace.addUser(user);
    for (const channel of options.channels ?? []) workspace.addChannel(channel);
    const recorder = new CallRecorder();
    const rateLimiter = new RateLimiter();
    const socketMode = new SocketModeServer(workspace.identity);
    const server = await listenOnLoopback({ workspace, recorder, rateLimiter }, socketMode);
    return new FakeSlack(server, workspace, recorder, rateLimiter, socketMode);
  }

  // --- Web API recording and scripting ---------------------------------------------------------

  get calls(): readonly RecordedCall[] {
    return this.#recorder.calls;
  }

  callsTo(method: string): RecordedCall[] {
    return this.#recorder.callsTo(method);
  }

  waitForCall(
    method: string,
    predicate?: (call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall> {
    return this.#recorder.waitForCall(method, predicate, timeoutMs);
  }

  clearCalls(): void {
    this.#recorder.clear();
  }

  /** The next `times` calls of `method` get HTTP 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitNext(method: string, options: RateLimitOptions = {}): void {
    this.#rateLimiter.limitNext(method, options);
  }

  // --- Workspace seeding and inspection --------------------------------------------------------

  addUser(user: FakeSlackUser): void {
    this.#workspace.addUser(user);
  }

  addChannel(channel: FakeSlackChannel): void {
    this.#workspace.addChannel(channel);
  }

  /** Store a message as if a person (or another bot) had posted it; returns it with its ts. */
  seedMessage(channel: string, message: SeedMessage): FakeMessage {
    const stored: FakeMessage = {
      team: this.identity.teamId,
      ...message,
      type: 'message',
      ts: message.ts ?? this.#workspace.nextTs(),
    };
    if (stored.thread_ts && stored.thread_ts !== stored.ts && stored.parent_user_id === undefined) {
      const parentUser = this.#workspace.findMessage(channel, stored.thread_ts)?.user;
      if (parentUser !== undefined) stored.parent_user_id = parentUser;
    }
    return structuredClone(this.#workspace.insertMessage(channel, stored));
  }

  /** Every stored message of a channel (replies included), oldest first. */
  messages(channel: string): FakeMessage[] {
    return structuredClone(this.#workspace.messages(channel));
  }

  reactions(channel: string, ts: string): FakeReaction[] {
    return structuredClone(this.#workspace.findMessage(channel, ts)?.reactions ?? []);
  }

  ephemerals(channel?: string): FakeEphemeral[] {
    return structuredClone(this.#workspace.ephemerals(channel));
  }

  // --- Socket Mode -----------------------------------------------------------------------------

  /** Send an envelope to the connected Socket Mode client; resolves with its ack. */
  socketDeliver(payload: unknown, options?: SocketDeliverOptions): Promise<SocketAck> {
    return this.#socketMode.deliver(payload, options);
  }

  socketDisconnect(reason?: string): void {
    this.#socketMode.disconnect(reason);
  }

  socketDrop(): void {
    this.#socketMode.drop();
  }

  waitForSocketConnections(count = 1, timeoutMs?: number): Promise<void> {
    return this.#socketMode.waitForConnections(count, timeoutMs);
  }

  get socketConnectionsOpened(): number {
    return this.#socketMode.connectionsOpened;
  }

  /** Socket Mode connections open right now (a client that disconnected cleanly is gone). */
  get socketConnectionsOpen(): number {
    return this.#socketMode.openConnections;
  }

  get socketMessages(): readonly SocketAck[] {
    return this.#socketMode.received;
  }

  /** Stop the App under test first: Bolt's `app.stop()` does not wait for its socket to close. */
  async close(): Promise<void> {
    await this.#socketMode.close();
    await closeServer(this.#server);
  }
}

export function startFakeSlack(options?: FakeSlackOptions): Promise<FakeSlack> {
  return FakeSlack.start(options);
}
