import { SlackMethodError, stringArg } from './args.ts';

const MAX_TEXT_LENGTH = 40_000;
const MAX_BLOCKS = 50;

export interface MessageContent {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: unknown;
}

/**
 * Read and validate the content arguments shared by chat.postMessage / update / postEphemeral,
 * with the same error codes Slack uses, so over-long or malformed messages fail here like in prod.
 */
export function readMessageContent(
  args: Record<string, unknown>,
  { required }: { required: boolean },
): MessageContent {
  const text = stringArg(args, 'text');
  const blocks = args.blocks;
  const attachments = args.attachments;
  if (required && text === undefined && blocks === undefined && attachments === undefined) {
    throw new SlackMethodError('no_text');
  }
  if (text !== undefined && text.length > MAX_TEXT_LENGTH) throw new SlackMethodError('msg_too_long');
  if (blocks !== undefined) validateBlocks(blocks);
  if (attachments !== undefined && !Array.isArray(attachments)) {
    throw new SlackMethodError('invalid_attachments');
  }
  const content: MessageContent = {};
  if (text !== undefined) content.text = text;
  if (Array.isArray(blocks)) content.blocks = blocks;
  if (Array.isArray(attachments)) content.attachments = attachments;
  if (args.metadata !== undefined) content.metadata = args.metadata;
  return content;
}

function validateBlocks(blocks: unknown): void {
  const problems: string[] = [];
  if (!Array.isArray(blocks)) {
    problems.push('[ERROR] must be an array [json-pointer:/blocks]');
  } else {
    if (blocks.length > MAX_BLOCKS)
      problems.push(`[ERROR] no more than ${MAX_BLOCKS} items allowed [json-pointer:/blocks]`);
    blocks.forEach((block, index) => {
      const type = block && typeof block === 'object' ? (block as { type?: unknown }).type : undefined;
      if (typeof type !== 'string')
        problems.push(`[ERROR] missing required field: type [json-pointer:/blocks/${index}]`);
    });
  }
  if (problems.length > 0)
    throw new SlackMethodError('invalid_blocks', { response_metadata: { messages: problems } });
}

export function permalinkFor(teamDomain: string, channel: string, ts: string, threadTs?: string): string {
  const base = `https://${teamDomain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`;
  return threadTs && threadTs !== ts ? `${base}?thread_ts=${threadTs}&cid=${channel}` : base;
}
