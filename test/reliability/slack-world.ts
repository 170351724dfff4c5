import { createSlackAdapter } from '../../adapters/slack/index.ts';
import { type RunningCodecot, startCodecot } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import {
  appMentionEvent,
  eventCallback,
  FAKE_BOT_ID,
  FAKE_BOT_TOKEN,
  FAKE_BOT_USER_ID,
  FAKE_SIGNING_SECRET,
  type FakeSlack,
  sendSlackEvent,
  startFakeSlack,
} from '../fakes/slack/index.ts';
import { createScratchDatabase, dropScratchDatabase, serverUrl } from '../helpers/database.ts';
import { scriptedModel } from '../helpers/mock-model.ts';
import { stageAnswers } from '../helpers/pipeline.ts';
import { waitFor } from '../helpers/wait.ts';
import { captureLogger, type LogLine } from '../integration/slack/log-capture.ts';
import { CHANNEL, PERSONAS, personaUsers, visibleText } from '../integration/slack/personas.ts';

export interface SlackWorld {
  codecot: RunningCodecot;
  fake: FakeSlack;
  eventsUrl: string;
  logs: LogLine[];
  /** A trusted member mentions the bot (signed, as Slack would) and the drafted spec shows up in Slack. */
  mentionIsAnswered(words: string): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * The whole product as src/main.ts starts it (startCodecot: database, job queue, pipeline, the one HTTP
 * server with Bolt mounted on POST /slack/events) with the real Slack adapter against the fake Slack and
 * a scripted model; the logs are the real redacting logger's lines.
 */
export async function startSlackWorld(): Promise<SlackWorld> {
  const fake = await startFakeSlack({ channels: [{ id: CHANNEL, name: 'codecot' }], users: personaUsers() });
  const server = serverUrl();
  const scratch = server ? await createScratchDatabase(server) : undefined;
  const config = loadConfig({
    PORT: '0',
    CODECOT_DATA_DIR: 'memory://',
    DATABASE_URL: scratch,
    SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
    SLACK_SIGNING_SECRET: FAKE_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    CODECOT_APPROVERS: `slack:${PERSONAS.member.user.id}`,
    CODECOT_SHUTDOWN_SECONDS: '5',
  });
  const { logger, lines } = captureLogger('debug');
  const model = scriptedModel(stageAnswers());
  if (!config.slack) throw new Error('Slack should be configured');
  const codecot = await startCodecot(config, logger, {
    chats: [createSlackAdapter({ ...config.slack, logger })],
    model: { model: model.model, modelName: 'mock-model' },
  });
  const eventsUrl = `http://127.0.0.1:${codecot.port}/slack/events`;
  return {
    codecot,
    fake,
    eventsUrl,
    logs: lines,
    async mentionIsAnswered(words) {
      const user = PERSONAS.member.user.id;
      const text = `<@${FAKE_BOT_USER_ID}> ${words}`;
      const seeded = fake.seedMessage(CHANNEL, { user, text });
      const payload = eventCallback(appMentionEvent({ channel: CHANNEL, user, text, ts: seeded.ts }));
      const response = await sendSlackEvent(eventsUrl, payload, { signingSecret: FAKE_SIGNING_SECRET });
      if (response.status !== 200) throw new Error(`Codecot answered ${response.status} to a mention`);
      // The spec is drafted in a job and posted in the mention's thread.
      await waitFor(
        () =>
          fake
            .messages(CHANNEL)
            .some(
              (m) => m.bot_id === FAKE_BOT_ID && m.thread_ts === seeded.ts && /uploader/.test(visibleText(m)),
            ),
        30_000,
      );
    },
    async dispose() {
      await codecot.stop();
      await fake.close();
      if (server && scratch) await dropScratchDatabase(server, new URL(scratch).pathname.slice(1));
    },
  };
}
