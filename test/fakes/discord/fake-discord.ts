import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type APIMessage,
  type APIUser,
  GatewayDispatchEvents,
  type GatewayGuildCreateDispatchData,
  type GatewayIdentifyData,
  type GatewayResumeData,
} from 'discord.js';
import { ChangeSignal } from './change-signal.ts';
import { type FakeDiscordOptions, wireFakeDiscord } from './fake-discord-wiring.ts';
import { type GuildSeed, guildCreate } from './fixtures-guild.ts';
import { apiMessage, type MessageInput } from './fixtures-messages.ts';
import type { FakeGateway } from './gateway.ts';
import type { RateLimiter, RateLimitOptions, RestCallPredicate } from './rate-limits.ts';
import type { RestCall } from './rest-types.ts';
import type { DiscordStore } from './store.ts';
import { applyDispatchToStore } from './store-sync.ts';

export type { FakeDiscordOptions } from './fake-discord-wiring.ts';

const DEFAULT_WAIT_MS = 5_000;

/** A Discord REST API + gateway on 127.0.0.1 that the real discord.js client can log in to. */
export class FakeDiscord {
  readonly token: string;
  readonly botUser: APIUser;
  readonly applicationId: string;
  /** Guilds, channels, messages, reactions, commands and interactions as the fake holds them. */
  readonly store: DiscordStore;
  /** The gateway's sessions, stats (heartbeats, op 9s) and every IDENTIFY/RESUME payload. */
  readonly gateway: FakeGateway;
  readonly restCalls: RestCall[] = [];
  /** Every dispatch the fake sent, in order, with how many sessions got (or buffered) it. */
  readonly dispatchLog: Array<{ t: string; d: unknown; sessions: number; at: number }> = [];
  /** Errors thrown inside route handlers (answered as 500); a healthy test run leaves this empty. */
  readonly handlerErrors: unknown[] = [];
  readonly #rateLimits: RateLimiter;
  readonly #signal = new ChangeSignal();
  readonly #server: Server;

  private constructor(options: FakeDiscordOptions) {
    const parts = wireFakeDiscord(options, {
      url: () => this.url,
      dispatch: (t, d) => this.dispatch(t, d),
      onCall: (call) => {
        this.restCalls.push(call);
        this.#signal.notify();
      },
      onHandlerError: (error) => this.handlerErrors.push(error),
      onGatewayChange: () => this.#signal.notify(),
    });
    ({ token: this.token, botUser: this.botUser, applicationId: this.applicationId } = parts);
    ({
      store: this.store,
      gateway: this.gateway,
      rateLimits: this.#rateLimits,
      server: this.#server,
    } = parts);
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.#server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** `http://127.0.0.1:<port>`; give discord.js `rest: { api: `${fake.url}/api` }`. */
  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** What `GET /gateway/bot` and READY's `resume_gateway_url` point at. */
  get gatewayUrl(): string {
    return this.url.replace(/^http/, 'ws');
  }

  /** Seeds a guild. Once a session is live it is also dispatched as GUILD_CREATE (the bot "joined"). */
  addGuild(seed: GuildSeed): GatewayGuildCreateDispatchData {
    const payload = guildCreate(seed, this.botUser);
    if (this.gateway.sessions.size > 0) this.dispatch(GatewayDispatchEvents.GuildCreate, payload);
    else this.store.addGuild(payload);
    return payload;
  }

  /** Puts a message into history without telling the bot (it existed before the bot looked). */
  addMessage(input: MessageInput): APIMessage {
    return this.store.putMessage(apiMessage(input));
  }

  /**
   * Sends a dispatch with the next sequence number to every session; a session whose socket is down keeps
   * it for its RESUME. The store follows along (a MESSAGE_CREATE becomes fetchable, etc.).
   * Returns how many sessions will get it (0 when no client identified or its intents exclude it).
   */
  dispatch(t: string, d: unknown): number {
    applyDispatchToStore(this.store, t, d);
    const sessions = this.gateway.dispatch(t, d);
    this.dispatchLog.push({ t, d, sessions, at: Date.now() });
    this.#signal.notify();
    return sessions;
  }

  /** Closes every gateway socket with `code` without ending the session, so the client RESUMEs. */
  dropConnection(code = 4000): void {
    this.gateway.dropConnections(code);
  }

  /** Forgets the sessions: the client's next RESUME gets op 9 and it has to IDENTIFY again. */
  invalidateSessions(): void {
    this.gateway.invalidateSessions();
  }

  /** The next `times` requests matching `matches` get Discord's 429 instead of an answer. */
  rateLimitNext(matches: RestCallPredicate, options?: RateLimitOptions): void {
    this.#rateLimits.add(matches, options);
  }

  get identifyCount(): number {
    return this.gateway.stats.identifies;
  }

  get resumeCount(): number {
    return this.gateway.stats.resumes;
  }

  get connectedClients(): number {
    return this.gateway.connectedClients;
  }

  /** Intents of the latest accepted IDENTIFY, or null before any. */
  get identifiedIntents(): number | null {
    return this.gateway.identifyPayloads.at(-1)?.intents ?? null;
  }

  /** Resolves with the first recorded REST call (past or future) matching `predicate`. */
  waitForRest(predicate: (call: RestCall) => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<RestCall> {
    return this.waitFor(() => this.restCalls.find(predicate), timeoutMs, 'a matching REST call');
  }

  /** Resolves once `count` IDENTIFYs have been accepted in total (counting from the fake's start). */
  waitForIdentify(count = 1, timeoutMs = DEFAULT_WAIT_MS): Promise<GatewayIdentifyData> {
    return this.waitFor(() => this.gateway.identifyPayloads[count - 1], timeoutMs, `IDENTIFY #${count}`);
  }

  /** Resolves once `count` RESUMEs have been accepted (and replayed) in total. */
  waitForResume(count = 1, timeoutMs = DEFAULT_WAIT_MS): Promise<GatewayResumeData> {
    return this.waitFor(() => this.gateway.resumePayloads[count - 1], timeoutMs, `RESUME #${count}`);
  }

  /** Waits until `check` returns something truthy; re-checked on every REST call and gateway frame. */
  waitFor<T>(
    check: () => T | undefined | null | false,
    timeoutMs = DEFAULT_WAIT_MS,
    what = 'a condition',
  ): Promise<T> {
    return this.#signal.waitFor(check, timeoutMs, what);
  }

  async close(): Promise<void> {
    this.gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.#server.close((error) => (error ? reject(error) : resolve())),
    );
  }
}
