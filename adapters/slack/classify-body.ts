import { describeIssues, envelopeSchema, slashCommandSchema } from './schemas.ts';

/** What a verified request body is, decided before anything is dispatched or stored. */
export type BodyKind =
  | { kind: 'ssl_check' }
  | { kind: 'url_verification'; challenge: string }
  /** Slack tells the app it is being rate limited on events; nothing to store. */
  | { kind: 'app_rate_limited' }
  | { kind: 'dispatch' }
  /** An interactivity payload: acknowledged without Bolt, since Codecot listens to none. */
  | { kind: 'interaction'; type: string }
  | { kind: 'malformed'; reason: string };

// Interactivity payloads Slack sends; Codecot uses reactions as its buttons, so these are only acked (and
// never handed to Bolt, whose routing throws on hostile shapes of them: a 500 instead of a 400).
const INTERACTIVE_TYPES = new Set([
  'block_actions',
  'block_suggestion',
  'view_submission',
  'view_closed',
  'shortcut',
  'message_action',
  'interactive_message',
  'dialog_submission',
]);

export function classifyBody(body: Record<string, unknown>): BodyKind {
  if (body.ssl_check === '1') return { kind: 'ssl_check' };
  if (body.type === 'url_verification') {
    return typeof body.challenge === 'string' && body.challenge !== ''
      ? { kind: 'url_verification', challenge: body.challenge }
      : { kind: 'malformed', reason: 'url_verification without a challenge' };
  }
  if (body.type === 'app_rate_limited') return { kind: 'app_rate_limited' };
  if (body.type === 'event_callback') {
    const envelope = envelopeSchema.safeParse(body);
    return envelope.success
      ? { kind: 'dispatch' }
      : { kind: 'malformed', reason: describeIssues(envelope.error) };
  }
  if (body.command !== undefined) {
    const command = slashCommandSchema.safeParse(body);
    return command.success
      ? { kind: 'dispatch' }
      : { kind: 'malformed', reason: describeIssues(command.error) };
  }
  if (typeof body.type === 'string' && INTERACTIVE_TYPES.has(body.type))
    return { kind: 'interaction', type: body.type };
  const type = typeof body.type === 'string' ? body.type : 'none';
  return { kind: 'malformed', reason: `not an event, command or interaction (type: ${type})` };
}
