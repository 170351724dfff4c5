// Public data shapes of the fake Slack. Field names follow Slack's wire format (snake_case) on purpose:
// what a test seeds is exactly what `users.info` / `conversations.history` hand back to the client.

export interface FakeSlackUser {
  id: string;
  name: string;
  real_name?: string;
  /** Defaults to the workspace team. Set another team id to model a Slack Connect (external) user. */
  team_id?: string;
  is_bot?: boolean;
  is_app_user?: boolean;
  /** Multi-channel guest. */
  is_restricted?: boolean;
  /** Single-channel guest. */
  is_ultra_restricted?: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
  deleted?: boolean;
  tz?: string;
  profile?: Record<string, unknown>;
}

export interface FakeSlackChannel {
  id: string;
  name: string;
  is_private?: boolean;
  is_im?: boolean;
  is_mpim?: boolean;
  /** Slack Connect channel shared with another organisation. */
  is_ext_shared?: boolean;
  is_archived?: boolean;
  /** Whether the bot is in the channel. Defaults to true; `conversations.join` flips it. */
  is_member?: boolean;
  topic?: string;
  purpose?: string;
  /** For IMs: the other party. */
  user?: string;
}

export interface FakeReaction {
  name: string;
  users: string[];
  count: number;
}

/** A message as Slack stores it and returns it from history/replies. */
export interface FakeMessage {
  type: 'message';
  ts: string;
  text?: string;
  user?: string;
  bot_id?: string;
  app_id?: string;
  team?: string;
  subtype?: string;
  thread_ts?: string;
  parent_user_id?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  reply_count?: number;
  reply_users?: string[];
  reply_users_count?: number;
  latest_reply?: string;
  reactions?: FakeReaction[];
  edited?: { user: string; ts: string };
  [field: string]: unknown;
}

/** What a test may pass to `seedMessage`: everything optional except who wrote it; `ts` is generated. */
export type SeedMessage = Partial<FakeMessage> & ({ user: string } | { bot_id: string });

export interface FakeEphemeral {
  channel: string;
  user: string;
  message_ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
}

export interface RecordedCall {
  method: string;
  /** Parsed request arguments; JSON-encoded nested fields (blocks, attachments, ...) are decoded. */
  args: Record<string, unknown>;
  token: string | undefined;
  /** Epoch milliseconds when the fake answered. */
  at: number;
  httpStatus: number;
  response: Record<string, unknown>;
}

export interface RateLimitOptions {
  times?: number;
  retryAfterSeconds?: number;
}

export interface WorkspaceIdentity {
  teamId: string;
  teamName: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
  botId: string;
  botName: string;
  botToken: string;
  appToken: string;
}

export interface FakeSlackOptions extends Partial<WorkspaceIdentity> {
  users?: FakeSlackUser[];
  channels?: FakeSlackChannel[];
}

export type SocketEnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export interface SocketDeliverOptions {
  type?: SocketEnvelopeType;
  envelopeId?: string;
  retryAttempt?: number;
  retryReason?: string;
  /** Slack sets this for slash commands and interactivity, where the ack may carry a response. */
  acceptsResponsePayload?: boolean;
  /** How long to wait for the client's ack (Slack's own deadline is 3 s). */
  timeoutMs?: number;
}

/** The acknowledgement a Socket Mode client sends back for an envelope. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}
