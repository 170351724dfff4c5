import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayDispatchEvents as E } from 'discord.js';
import type { ChatEvent } from '../../src/domain/chat-events.ts';
import type { DeliveryLog } from '../e2e/driver.ts';
import type { FakeDiscord } from '../fakes/discord/index.ts';
import { waitFor } from '../helpers/wait.ts';

// How each platform delivers the same inbound event again, put between the people and Codecot.

/** Every request the Slack relay forwarded, with Codecot's status for each copy (original first). */
export interface RelayedRequest {
  path: string;
  statuses: number[];
}

export interface SlackRetries {
  port: number;
  readonly relayed: RelayedRequest[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

function forwardable(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (typeof value === 'string' && !HOP_BY_HOP.has(name)) kept[name] = value;
  return kept;
}

/**
 * Slack's retries in front of Codecot's `/slack/events`: every signed request (event envelope or slash
 * command) is forwarded as sent, then `copies - 1` more times at once, each with `X-Slack-Retry-Num` and
 * `X-Slack-Retry-Reason`, as Slack does when it thinks an acknowledgement was lost. The sender gets the
 * original's answer; the copies' answers are kept in `relayed`.
 */
export async function startSlackRetries(targetPort: () => number, copies: number): Promise<SlackRetries> {
  const relayed: RelayedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = forwardable(req.headers);
    const url = `http://127.0.0.1:${targetPort()}${req.url ?? '/'}`;
    const send = (extra: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { ...headers, ...extra }, body });
    try {
      const original = await send({});
      const answer = Buffer.from(await original.arrayBuffer());
      const retries = await Promise.all(
        Array.from({ length: copies - 1 }, (_, i) =>
          send({ 'x-slack-retry-num': String(i + 1), 'x-slack-retry-reason': 'http_timeout' }),
        ),
      );
      relayed.push({ path: req.url ?? '/', statuses: [original.status, ...retries.map((r) => r.status)] });
      res.writeHead(original.status, {
        'content-type': original.headers.get('content-type') ?? 'text/plain',
      });
      res.end(answer);
    } catch (error) {
      res.writeHead(502);
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    relayed,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface DiscordReplays {
  /** Resolves once every repeated dispatch so far reached Codecot's sink `copies` times or more. */
  settled(): Promise<void>;
}

type Matcher = (event: ChatEvent) => boolean;

/** Which events the adapter hands the core for a person's dispatch; undefined for the bot's own. */
function matcherFor(fake: FakeDiscord, t: string, d: Record<string, unknown>): Matcher | undefined {
  const bot = fake.botUser.id;
  switch (t) {
    case E.MessageCreate:
      if ((d.author as { id?: string } | undefined)?.id === bot) return undefined;
      return (e) => 'message' in e && e.message.ref.messageId === d.id;
    case E.MessageReactionAdd:
      if (d.user_id === bot) return undefined;
      return (e) =>
        e.type === 'reaction_added' &&
        e.target.messageId === d.message_id &&
        e.user.id === `discord:${d.user_id}`;
    case E.InteractionCreate:
      return (e) => e.type === 'command' && e.eventId === `discord:INTERACTION_CREATE:${d.id}`;
    default:
      return undefined;
  }
}

/**
 * Discord's repeats of what people do (messages, reactions, slash commands): the dispatch is sent, sent
 * again within the session (a duplicated dispatch), then the socket drops and the client RESUMEs, and
 * the gateway replays it once more for each further copy. Copies are not applied to the fake's store
 * again: they are the same event, not a new one. The bot's own dispatches are sent once.
 */
export function repeatDiscordDispatches(fake: FakeDiscord, log: DeliveryLog, copies: number): DiscordReplays {
  const dispatch = fake.dispatch.bind(fake);
  const pending: Promise<void>[] = [];
  const expected: Matcher[] = [];
  const again = async (t: string, d: unknown) => {
    fake.gateway.dispatch(t, d);
    for (let copy = 2; copy < copies; copy += 1) {
      const resumes = fake.resumeCount;
      fake.dropConnection();
      fake.gateway.dispatch(t, d);
      await fake.waitForResume(resumes + 1, 15_000);
    }
  };
  fake.dispatch = (t, d) => {
    const reached = dispatch(t, d);
    const matches = copies > 1 ? matcherFor(fake, t, d as Record<string, unknown>) : undefined;
    if (matches) {
      expected.push(matches);
      pending.push(again(t, d));
    }
    return reached;
  };
  return {
    async settled() {
      await Promise.all(pending);
      await waitFor(() => expected.every((m) => log.events.filter(m).length >= copies), 20_000);
    },
  };
}
