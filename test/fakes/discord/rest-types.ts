/** One REST request the fake received, as tests inspect it. */
export interface RestCall {
  method: string;
  /** Route path after the `/api/v{n}` prefix, with each segment URL-decoded (`.../reactions/✅/@me`). */
  path: string;
  /** The same path exactly as sent on the wire (`.../reactions/%E2%9C%85/@me`). */
  rawPath: string;
  /** API version from the URL prefix, or null for the unversioned `/api/...` form. */
  version: number | null;
  query: Record<string, string>;
  /** Parsed JSON body; for multipart requests the parsed `payload_json`. Undefined when there was none. */
  body: unknown;
  files: UploadedFile[];
  /** Response status the fake answered with (429s and 401s are recorded too). */
  status: number;
  /** `Date.now()` when the request arrived. */
  at: number;
}

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
}

/** What a route handler sees: the call plus the path parameters its pattern captured. */
export interface RestRequest {
  call: RestCall;
  params: Record<string, string>;
}

export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Runs after the response is written: gateway echoes go out after the HTTP answer, as on Discord. */
  after?: () => void;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Like `/channels/:channelId/messages`; `:name` captures one (decoded) segment. */
  pattern: string;
  /** Interaction callbacks and interaction webhooks are called without the bot token, like on Discord. */
  auth: 'bot' | 'none';
  handle: (request: RestRequest) => RestResponse;
}

export function json(body: unknown, status = 200): RestResponse {
  return { status, body };
}

export function noContent(after?: () => void): RestResponse {
  return after ? { status: 204, after } : { status: 204 };
}

/** Discord's JSON error envelope; `code` is one of Discord's documented JSON error codes. */
export function discordError(status: number, code: number, message: string, errors?: unknown): RestResponse {
  return { status, body: errors === undefined ? { message, code } : { message, code, errors } };
}

export const Errors = {
  unknownChannel: () => discordError(404, 10003, 'Unknown Channel'),
  unknownMessage: () => discordError(404, 10008, 'Unknown Message'),
  unknownGuild: () => discordError(404, 10004, 'Unknown Guild'),
  unknownMember: () => discordError(404, 10007, 'Unknown Member'),
  unknownEmoji: () => discordError(400, 10014, 'Unknown Emoji'),
  unknownWebhook: () => discordError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => discordError(404, 10062, 'Unknown interaction'),
  alreadyAcknowledged: () => discordError(400, 40060, 'Interaction has already been acknowledged.'),
  missingAccess: () => discordError(403, 50001, 'Missing Access'),
  cannotEditOthersMessage: () => discordError(403, 50005, 'Cannot edit a message authored by another user'),
  notTextChannel: () => discordError(400, 50008, 'Cannot send messages in a non-text channel'),
  emptyMessage: () => discordError(400, 50006, 'Cannot send an empty message'),
  threadExists: () => discordError(400, 160004, 'A thread has already been created for this message'),
  invalidFormBody: (errors: unknown) => discordError(400, 50035, 'Invalid Form Body', errors),
};
