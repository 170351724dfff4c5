import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { FakeDiscord } from '../fakes/discord/index.ts';
import {
  appMentionEvent,
  eventCallback,
  FAKE_BOT_TOKEN,
  FAKE_BOT_USER_ID,
  FAKE_SIGNING_SECRET,
  memberJoinedChannelEvent,
  sendSlackEvent,
  startFakeSlack,
} from '../fakes/slack/index.ts';
import { waitFor } from '../helpers/wait.ts';

// `node src/main.ts` exactly as `npm start` runs it, with a platform's variables pointing at its fake.
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function startBot(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'codecot-start-'));
  const child = spawn(process.execPath, ['src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      CODECOT_DATA_DIR: dataDir,
      CODECOT_SHUTDOWN_SECONDS: '5',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  cleanups.push(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { child, output: () => out, exited };
}

test('npm start with the Slack variables serves signed events and answers through the Web API', {
  timeout: 90_000,
}, async () => {
  const fake = await startFakeSlack({
    channels: [{ id: 'C0GENERAL', name: 'general' }],
    users: [{ id: 'U0ALICE', name: 'alice' }],
  });
  cleanups.push(() => fake.close());
  const bot = startBot({
    SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
    SLACK_SIGNING_SECRET: FAKE_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
  });
  await waitFor(() => bot.output().includes('chat platform connected'), 60_000);
  const port = Number(/"port":(\d+)/.exec(bot.output())?.[1]);
  const url = `http://127.0.0.1:${port}/slack/events`;

  const joined = await sendSlackEvent(
    url,
    eventCallback(memberJoinedChannelEvent({ channel: 'C0GENERAL', user: FAKE_BOT_USER_ID })),
    { signingSecret: FAKE_SIGNING_SECRET },
  );
  expect(joined.status).toBe(200);
  const intro = await fake.waitForCall(
    'chat.postMessage',
    (c) => String(c.args.text).includes('I am Codecot'),
    20_000,
  );
  expect(intro.args.channel).toBe('C0GENERAL');

  const mention = appMentionEvent({
    channel: 'C0GENERAL',
    user: 'U0ALICE',
    text: `<@${FAKE_BOT_USER_ID}> add retries`,
  });
  expect(
    (await sendSlackEvent(url, eventCallback(mention), { signingSecret: FAKE_SIGNING_SECRET })).status,
  ).toBe(200);
  // No model is configured: the thread is told exactly what to set, instead of silence.
  const reply = await fake.waitForCall(
    'chat.postMessage',
    (c) => String(c.args.text).includes('No model is configured'),
    20_000,
  );
  expect(reply.args.thread_ts).toBe(mention.ts);
  expect((await sendSlackEvent(url, eventCallback(mention), { signingSecret: 'wrong-secret' })).status).toBe(
    401,
  );

  bot.child.kill('SIGTERM');
  expect(await bot.exited).toBe(0);
});

test('npm start with DISCORD_TOKEN and DISCORD_API_URL connects to the fake gateway and registers /codecot', {
  timeout: 90_000,
}, async () => {
  const fake = await FakeDiscord.start({ heartbeatIntervalMs: 1_000 });
  cleanups.push(() => fake.close());
  fake.addGuild({
    id: '100000000000000001',
    name: 'HQ',
    systemChannelId: '100000000000000002',
    channels: [{ id: '100000000000000002', name: 'general' }],
  });
  const bot = startBot({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: `${fake.url}/api` });
  await fake.waitForIdentify(1, 60_000);
  await waitFor(() => bot.output().includes('chat platform connected'), 60_000);
  await fake.waitForRest((c) => c.path.includes('/guilds/100000000000000001/commands'), 30_000);
  expect(fake.identifyCount).toBe(1);
  bot.child.kill('SIGTERM');
  expect(await bot.exited).toBe(0);
});
