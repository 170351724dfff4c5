import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { MAX_MESSAGE_LENGTH } from '../../../adapters/playground/format.ts';
import {
  createPlaygroundAdapter,
  type MessageView,
  type PlaygroundConfig,
} from '../../../adapters/playground/index.ts';
import type { ChannelRef, MessageRef } from '../../../src/domain/chat.ts';
import type { ChatEvent, InboundResult } from '../../../src/domain/chat-events.ts';
import { createHttpServer } from '../../../src/http/server.ts';
import type { ChatPlatform } from '../../../src/ports/chat-platform.ts';
import type { ChatPlatformHarness, Persona } from '../../contract/chat-platform-harness.ts';

export const newClientId = (): string => randomBytes(12).toString('hex');

/** The playground adapter on a real HTTP server on 127.0.0.1, driven through its JSON API like the page. */
export interface PlaygroundWorld {
  platform: ChatPlatform;
  url: string;
  events: ChatEvent[];
  setSinkResult(result: InboundResult): void;
  /** Makes the sink fail its next `n` deliveries (as a database outage would). */
  failNext(n: number): void;
  post(action: string, body: object, init?: RequestInit): Promise<Response>;
  state(user?: string): Promise<{ messages: MessageView[]; channels: string[]; notices: string[] }>;
  close(): Promise<void>;
}

export async function startPlayground(options: Partial<PlaygroundConfig> = {}): Promise<PlaygroundWorld> {
  const logger = pino({ level: 'silent' });
  const events: ChatEvent[] = [];
  let result: InboundResult = {};
  let failures = 0;
  let url = '';
  const platform = createPlaygroundAdapter({ logger, baseUrl: () => url, ...options });
  const http = createHttpServer(logger);
  for (const route of platform.httpRoutes?.() ?? []) http.route(route.method, route.path, route.handler);
  const { port } = await http.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${port}`;
  await platform.start(async (event) => {
    events.push(event);
    if (failures > 0) {
      failures -= 1;
      throw new Error('database unavailable');
    }
    return result;
  });
  return {
    platform,
    url,
    events,
    setSinkResult: (r) => {
      result = r;
    },
    failNext: (n) => {
      failures = n;
    },
    post: (action, body, init = {}) =>
      fetch(`${url}/playground/api/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        ...init,
      }),
    async state(user = 'alice') {
      const res = await fetch(`${url}/playground/api/state?user=${encodeURIComponent(user)}`);
      if (!res.ok) throw new Error(`state: ${res.status}`);
      return (await res.json()) as { messages: MessageView[]; channels: string[]; notices: string[] };
    },
    async close() {
      await platform.stop();
      await http.close();
    },
  };
}

const NAMES: Record<Persona, { name: string; bot?: boolean }> = {
  member: { name: 'alice' },
  bot: { name: 'ci-bot', bot: true },
  guest: { name: 'guest' },
  external: { name: 'external' },
};

export const refOf = (view: MessageView): MessageRef => ({
  channel: { platform: 'local', workspaceId: 'local', channelId: view.channel },
  messageId: view.id,
  ...(view.threadId ? { threadId: view.threadId } : {}),
});

/** The shared contract suite's view of the playground. */
export async function startPlaygroundHarness(): Promise<ChatPlatformHarness> {
  const world = await startPlayground();
  const channel: ChannelRef = { platform: 'local', workspaceId: 'local', channelId: 'general' };
  let last: { action: string; body: object } | undefined;
  let rooms = 0;
  const send = async (action: string, body: object) => {
    last = { action, body };
    const res = await world.post(action, body);
    if (!res.ok) throw new Error(`${action}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { message: MessageView; reply: string };
  };
  const user = (persona: Persona = 'member') => NAMES[persona];
  const messages = async () => (await world.state()).messages;
  return {
    platform: world.platform,
    channel,
    events: world.events,
    setSinkResult: world.setSinkResult,
    userId: (persona) => `local:${user(persona).name.replace(/[^a-z0-9]/g, '')}`,
    async userSays(text, options = {}) {
      const body = {
        user: user(options.persona),
        channel: 'general',
        text: options.mentionBot ? `@codecot ${text}` : text,
        clientId: newClientId(),
        ...(options.threadOf ? { threadId: options.threadOf.messageId } : {}),
      };
      return refOf((await send('messages', body)).message);
    },
    async redeliverLast() {
      if (last) await send(last.action, last.body);
    },
    async userReacts(target, emoji, options = {}) {
      const body = { user: user(options.persona), messageId: target.messageId, emoji, on: !options.removed };
      await send('reactions', { ...body, clientId: newClientId() });
    },
    async userEdits(target, text) {
      await send('edits', { user: user(), messageId: target.messageId, text, clientId: newClientId() });
    },
    async userDeletes(target) {
      await send('deletions', { user: user(), messageId: target.messageId, clientId: newClientId() });
    },
    async slashCommand(subcommand, args) {
      const body = {
        user: user(),
        channel: 'general',
        text: `/codecot ${subcommand} ${args}`,
        clientId: newClientId(),
      };
      return (await send('commands', body)).reply;
    },
    async botJoins() {
      rooms += 1;
      await send('channels', { user: user(), name: `room-${rooms}`, clientId: newClientId() });
    },
    async posted() {
      return (await messages())
        .filter((m) => m.author.id === world.platform.botUserId() && m.channel === 'general' && !m.onlyYou)
        .map((m) => ({ ref: refOf(m), visibleText: m.visible, threadId: m.threadId ?? undefined }));
    },
    async botReactions(target) {
      const message = (await messages()).find((m) => m.id === target.messageId);
      const bot = world.platform.botUserId();
      return (message?.reactions ?? []).filter((r) => r.users.includes(bot)).map((r) => r.emoji);
    },
    async ephemeralsTo(userId) {
      const { messages: seen } = await world.state(userId.replace(/^local:/, ''));
      return seen.filter((m) => m.onlyYou).map((m) => m.visible);
    },
    supportsPersona: (persona) => persona === 'member' || persona === 'bot',
    maxMessageLength: MAX_MESSAGE_LENGTH,
    close: () => world.close(),
  };
}
