import {
  type APIUser,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  type GatewayIdentifyData,
  GatewayOpcodes,
  type GatewayReadyDispatchData,
  type GatewayResumeData,
} from 'discord.js';
import { type GatewayConnection, GatewaySession, send } from './gateway-session.ts';
import { checkIntents } from './intents.ts';
import type { DiscordStore } from './store.ts';

export interface GatewayOptions {
  token: string;
  bot: APIUser;
  applicationId: string;
  applicationFlags: number;
  heartbeatIntervalMs: number;
  privilegedIntentsEnabled: number;
  store: DiscordStore;
  gatewayUrl: () => string;
  onChange: () => void;
}

/** The gateway state IDENTIFY and RESUME read and update. */
export interface HandshakeState {
  readonly options: GatewayOptions;
  readonly sessions: Map<string, GatewaySession>;
  readonly stats: { identifies: number; resumes: number; invalidSessions: number };
  readonly identifyPayloads: GatewayIdentifyData[];
  readonly resumePayloads: GatewayResumeData[];
}

function close(connection: GatewayConnection, code: GatewayCloseCodes, reason: string): false {
  connection.socket.close(code, reason);
  return false;
}

/** Discord's checks before a session starts or resumes, closing with the documented codes. */
function authenticates(state: HandshakeState, connection: GatewayConnection, token: unknown): boolean {
  if (connection.session)
    return close(connection, GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
  if (token !== state.options.token) {
    return close(connection, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
  }
  return true;
}

function ready(
  state: HandshakeState,
  session: GatewaySession,
  d: GatewayIdentifyData,
): GatewayReadyDispatchData {
  const { bot, applicationId, applicationFlags, store } = state.options;
  return {
    v: 10,
    user: { ...bot, bot: true, verified: true, mfa_enabled: false },
    // Guilds start unavailable; each one then arrives as its own GUILD_CREATE.
    guilds: [...store.guilds.keys()].map((id) => ({ id, unavailable: true })),
    session_id: session.id,
    resume_gateway_url: state.options.gatewayUrl(),
    shard: d.shard ?? [0, 1],
    application: { id: applicationId, flags: applicationFlags, flags_new: String(applicationFlags) },
  };
}

/** op 2: validates token, intents and shard, starts a session, sends READY and one GUILD_CREATE per guild. */
export function identify(state: HandshakeState, connection: GatewayConnection, d: GatewayIdentifyData): void {
  if (!authenticates(state, connection, d?.token)) return;
  const problem = checkIntents(d.intents, state.options.privilegedIntentsEnabled);
  if (problem === 'invalid')
    return void close(connection, GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
  if (problem === 'disallowed') {
    return void close(connection, GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
  }
  if (d.shard && (d.shard[0] !== 0 || d.shard[1] !== 1)) {
    return void close(connection, GatewayCloseCodes.InvalidShard, 'Invalid shard.');
  }
  state.stats.identifies += 1;
  state.identifyPayloads.push(d);
  const session = new GatewaySession(d.intents, state.options.bot.id);
  state.sessions.set(session.id, session);
  connection.session = session;
  session.connection = connection;
  session.dispatch(GatewayDispatchEvents.Ready, ready(state, session, d));
  const { store } = state.options;
  for (const guildId of store.guilds.keys()) {
    session.dispatch(GatewayDispatchEvents.GuildCreate, store.guildCreatePayload(guildId));
  }
}

/** op 6: replays what the client missed after its `seq`, then RESUMED; unknown sessions get op 9. */
export function resume(state: HandshakeState, connection: GatewayConnection, d: GatewayResumeData): void {
  if (!authenticates(state, connection, d?.token)) return;
  const session = state.sessions.get(d.session_id);
  if (!session || typeof d.seq !== 'number' || d.seq > session.seq) {
    state.stats.invalidSessions += 1;
    send(connection.socket, { op: GatewayOpcodes.InvalidSession, d: false });
    return;
  }
  // A session has one socket: resuming on a new one replaces a still-open old one.
  session.connection?.socket.terminate();
  state.stats.resumes += 1;
  state.resumePayloads.push(d);
  connection.session = session;
  for (const frame of session.missedSince(d.seq)) send(connection.socket, frame);
  session.connection = connection;
  session.dispatch(GatewayDispatchEvents.Resumed, {});
}
