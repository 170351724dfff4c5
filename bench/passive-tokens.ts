// Tokens sent to the model per token of passively heard channel messages, measured through the real
// listening stage (prompt rendering, quoting, rolling summary) on an embedded database.
import pino from 'pino';
import { z } from 'zod';
import { channelKey } from '../src/domain/chat.ts';
import { createJobQueue } from '../src/jobs/queue.ts';
import { ALL_QUEUES } from '../src/jobs/queues.ts';
import type { StageDeps } from '../src/pipeline/context.ts';
import { listenToWindow, windowSchema } from '../src/pipeline/listen-passively.ts';
import { quoteAll } from '../src/pipeline/transcript.ts';
import { renderPrompt } from '../src/prompts.ts';
import { openStore } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { ensureChannel, updateChannel } from '../src/store/repositories/channels.ts';
import { touchWindow } from '../src/store/repositories/listen-windows.ts';
import { type StoredMessage, saveMessage } from '../src/store/repositories/messages.ts';
import { estimateTokens, scriptedModel } from '../test/helpers/mock-model.ts';
import { generateConversation } from './conversation.ts';

/** Tokens of the JSON schema sent with every structured request. */
const schemaTokens = estimateTokens(JSON.stringify(z.toJSONSchema(windowSchema)));

const SUMMARY = 'Team discussed deploys, flaky e2e runs and the staging database; requests tracked.';

export async function passiveTokens(messages = 1_000, prefilter = true) {
  const logger = pino({ level: 'silent' });
  const store = await openStore({ dataDir: 'memory://' });
  await migrateToLatest(store.db);
  const queue = createJobQueue(store, logger);
  await queue.start(ALL_QUEUES);
  const ref = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'CBENCH' };
  const channel = await ensureChannel(store.db, ref);
  await updateChannel(store.db, channel.id, { passiveListening: true });
  const model = scriptedModel(() => ({ summary: SUMMARY, intents: [] }));
  const deps: StageDeps = {
    db: store.db,
    queue,
    logger,
    chats: new Map(),
    codeHost: undefined,
    model: { model: model.model, modelName: 'bench', db: store.db, logger },
    routing: { agent: 'built-in', sandbox: 'bwrap', isolated: true, canExecute: true },
    execution: undefined,
    defaults: { approvers: [], repo: undefined },
    passiveThreshold: 0.7,
    passivePrefilter: prefilter,
    quietSeconds: 120,
    burstLimit: 60,
  };

  const start = Date.now() - 10 * 24 * 3_600_000;
  let messageTokens = 0;
  let naiveTokens = 0;
  const history: StoredMessage[] = [];
  let n = 0;
  for (const burst of generateConversation(messages)) {
    for (const m of burst) {
      n += 1;
      const at = new Date(start + m.at * 1_000);
      const chat = {
        ref: { channel: ref, messageId: `${1_700_000_000 + n}.000100` },
        author: { id: `slack:U${m.author}`, name: m.author, trust: 'trusted' as const, isBot: false },
        text: m.text,
        mentionsBot: false,
        at,
      };
      await saveMessage(store.db, chat);
      await touchWindow(store.db, channelKey(ref), at);
      messageTokens += estimateTokens(m.text);
      history.push({
        id: String(n),
        channelId: channel.id,
        threadId: '',
        authorId: chat.author.id,
        authorName: m.author,
        trusted: true,
        untrustedReason: null,
        isBot: false,
        text: m.text,
        sentAt: at,
        editedAt: null,
        deleted: false,
      });
    }
    // The burst went quiet: the job reads it (and follow-up reads when it is longer than the burst limit).
    for (let guard = 0; guard < 10; guard++) {
      const before = model.calls();
      await listenToWindow(deps, { channelId: channel.id });
      if (model.calls() === before) break;
    }
    // The naive approach re-reads the whole history at every quiet point.
    naiveTokens +=
      estimateTokens(
        renderPrompt('listen-passively', {
          summary: '(nothing yet)',
          open: '(none)',
          messages: quoteAll(history),
        }),
      ) + schemaTokens;
  }
  // The structured-output schema travels with every request, so it counts as sent.
  const sent = model.prompts.reduce((sum, p) => sum + estimateTokens(p) + schemaTokens, 0);
  await queue.stop(1_000);
  await store.close();
  return {
    messages,
    windows: model.calls(),
    messageTokens,
    sentTokens: sent,
    ratio: sent / messageTokens,
    naiveRatio: naiveTokens / messageTokens,
  };
}
