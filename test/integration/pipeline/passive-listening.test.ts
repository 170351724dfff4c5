import { afterEach, describe, expect, test } from 'vitest';
import { ensureChannel, updateChannel } from '../../../src/store/repositories/channels.ts';
import { findWindow } from '../../../src/store/repositories/listen-windows.ts';
import {
  CHANNEL,
  events,
  person,
  stageAnswers,
  startTestPipeline,
  type TestPipeline,
} from '../../helpers/pipeline.ts';
import { waitFor } from '../../helpers/wait.ts';

let p: TestPipeline | undefined;
afterEach(async () => {
  await p?.dispose();
  p = undefined;
});

const ada = person('UADA', { name: 'ada' });
const bob = person('UBOB', { name: 'bob' });

async function watch(t: TestPipeline): Promise<string> {
  const channel = await ensureChannel(t.database.store.db, CHANNEL);
  await updateChannel(t.database.store.db, channel.id, { passiveListening: true });
  return channel.id;
}

const windowCalls = (t: TestPipeline) =>
  t.model.prompts.filter((x) => x.includes('Spot code changes this team chat agreed'));
const darkMode = {
  summary: 'team agreed on a dark mode toggle',
  intents: [
    {
      title: 'Add a dark mode toggle',
      summary: 'Settings page gets a toggle.',
      confidence: 0.9,
      evidence: [1, 2],
    },
    { title: 'Maybe rewrite in Rust', summary: 'idle thought', confidence: 0.3, evidence: [3] },
  ],
};

describe('passive listening', () => {
  test('chit-chat costs no model call; a quiet burst with a request is read once, incrementally, and becomes a spec', async () => {
    p = await startTestPipeline(stageAnswers({ window: () => darkMode }), { CODECOT_QUIET_SECONDS: '1' });
    const channelId = await watch(p);
    await p.sink(events.message(ada, 'lunch anyone?'));
    await p.sink(events.message(bob, 'sure, 12:30'));
    await waitFor(
      async () => (await findWindow(p!.database.store.db, channelId))?.summarized_until != null,
      15_000,
    );
    expect(windowCalls(p)).toHaveLength(0);
    expect(p.chat.posts).toHaveLength(0);

    await p.sink(events.message(ada, 'the settings page needs a dark mode toggle'));
    await p.sink(events.message(bob, 'agreed, we should add dark mode'));
    await p.sink(events.message(ada, 'someday rewrite it all in Rust'));
    await waitFor(() => p!.chat.posts.some((x) => x.message.title?.startsWith('Spec v1')), 20_000);
    expect(windowCalls(p)).toHaveLength(1);
    const read = windowCalls(p)[0]!;
    expect(read).not.toContain('lunch anyone');
    expect(read).toContain('1 ada: the settings page needs a dark mode toggle');
    const intents = await p.database.store.db.selectFrom('intents').selectAll().execute();
    expect(intents.map((i) => [i.title, i.trigger])).toEqual([['Add a dark mode toggle', 'passive']]);
    expect((await findWindow(p.database.store.db, channelId))?.summary).toBe(
      'team agreed on a dark mode toggle',
    );
  });

  test('the next read carries the rolling summary and only the new messages; an open intent is not proposed twice', async () => {
    const found = {
      summary: 'dark mode agreed',
      intents: [{ title: 'Add a dark-mode toggle', summary: 'x', confidence: 0.95, evidence: [1] }],
    };
    p = await startTestPipeline(stageAnswers({ window: () => found }), { CODECOT_QUIET_SECONDS: '1' });
    await watch(p);
    await p.sink(events.message(ada, 'please add a dark mode toggle'));
    await waitFor(() => p!.chat.posts.some((x) => x.message.title?.startsWith('Spec v1')), 20_000);
    await p.sink(events.message(bob, 'yes we should add dark mode, it is missing'));
    await waitFor(() => windowCalls(p!).length === 2, 15_000);
    await new Promise((r) => setTimeout(r, 1_000));
    const second = windowCalls(p)[1]!;
    expect(second).toContain('Summary so far: dark mode agreed');
    expect(second).toContain('Open items, skip: Add a dark-mode toggle');
    expect(second).not.toContain('please add a dark mode toggle');
    expect(await p.database.store.db.selectFrom('intents').selectAll().execute()).toHaveLength(1);
  });

  test('with the prefilter off every quiet burst is read', async () => {
    p = await startTestPipeline(stageAnswers(), {
      CODECOT_QUIET_SECONDS: '1',
      CODECOT_PASSIVE_PREFILTER: 'off',
    });
    await watch(p);
    await p.sink(events.message(ada, 'lunch anyone?'));
    await waitFor(() => windowCalls(p!).length === 1, 15_000);
    expect(p.chat.posts).toHaveLength(0);
  });

  test('channels without watch on, and bots, are never read', async () => {
    p = await startTestPipeline(stageAnswers(), {
      CODECOT_QUIET_SECONDS: '1',
      CODECOT_PASSIVE_PREFILTER: 'off',
    });
    await p.sink(events.message(ada, 'we need a dark mode toggle'));
    await new Promise((r) => setTimeout(r, 2_500));
    expect(windowCalls(p)).toHaveLength(0);
    await watch(p);
    await p.sink(
      events.message(
        person('BOT1', { isBot: true, trust: 'untrusted', untrustedReason: 'bot' }),
        'deploy failed, please fix',
      ),
    );
    await new Promise((r) => setTimeout(r, 2_500));
    expect(windowCalls(p)).toHaveLength(0);
  });

  test('a burst that reaches the size limit is read without waiting for quiet', async () => {
    p = await startTestPipeline(stageAnswers(), { CODECOT_QUIET_SECONDS: '600', CODECOT_BURST_LIMIT: '5' });
    await watch(p);
    for (let i = 0; i < 5; i++) await p.sink(events.message(ada, `we should fix bug ${i}`));
    await waitFor(() => windowCalls(p!).length === 1, 15_000);
    expect(windowCalls(p)[0]).toContain('5 ada: we should fix bug 4');
  });
});
