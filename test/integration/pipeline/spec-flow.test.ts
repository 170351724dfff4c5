import { afterEach, describe, expect, test } from 'vitest';
import { messageKey } from '../../../src/domain/chat.ts';
import { eventsFor } from '../../../src/store/repositories/event-log.ts';
import { findIntent } from '../../../src/store/repositories/intents.ts';
import {
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

const ada = person('UREQ', { name: 'ada' });
const approverA = person('UA');
const approverB = person('UB');

async function specPosted(t: TestPipeline, count = 1) {
  await waitFor(
    () => t.chat.posts.filter((x) => x.message.title?.startsWith('Spec v')).length >= count,
    20_000,
  );
  return t.chat.posts.filter((x) => x.message.title?.startsWith('Spec v'))[count - 1]!;
}

async function rows(t: TestPipeline) {
  const { db } = t.database.store;
  return {
    versions: await db.selectFrom('spec_versions').selectAll().orderBy('version').execute(),
    executions: await db.selectFrom('executions').selectAll().execute(),
    reactions: await db.selectFrom('reactions').selectAll().orderBy('created_at').execute(),
    jobs: (await t.queue.boss.findJobs('execute')).length,
  };
}

describe('mention -> spec -> revision -> approval', () => {
  test('a mention produces a spec in the thread with routing, and the approve/reject reactions pre-added', async () => {
    p = await startTestPipeline(stageAnswers());
    const mention = events.message(ada, '<@UBOT> uploads keep failing on the train, can we retry them?', {
      mention: true,
    });
    await p.sink(mention);
    const spec = await specPosted(p);
    expect(spec.replyTo).toEqual(mention.message.ref);
    expect(spec.ref.threadId).toBe(mention.message.ref.messageId);
    const text = p.chat.texts().join('\n');
    for (const part of [
      'Spec v1: Add retries to the uploader',
      'a failed upload is retried up to 3 times',
      'Repository: acme/widgets',
      'Model: mock-model',
      'Agent: built-in',
      'Sandbox: bwrap',
      'Quorum: 1',
      '<@UA>',
    ]) {
      expect(text).toContain(part);
    }
    // The vote reactions are added right after the post: wait for them, then check which they are.
    await waitFor(() => (p?.chat.reactions.get(spec.ref.messageId)?.size ?? 0) >= 2, 10_000);
    expect([...(p.chat.reactions.get(spec.ref.messageId) ?? [])].sort()).toEqual(['white_check_mark', 'x']);
    const intentId = (await p.database.store.db.selectFrom('intents').select('id').executeTakeFirstOrThrow())
      .id;
    expect((await findIntent(p.database.store.db, intentId))?.state).toBe('proposed');
    // The untrusted requester's text reached the prompt only inside <msg> quotes.
    // The requester's words reached the prompt only as a quoted line of the <chat> block.
    expect(p.model.prompts[0]).toMatch(
      /<chat>\n1 ada: <@UBOT> uploads keep failing on the train, can we retry them\?\n<\/chat>/,
    );
  });

  test('a reply revises the spec; the old version is superseded and a reaction on it only points to the current one', async () => {
    p = await startTestPipeline(stageAnswers());
    const mention = events.message(ada, '<@UBOT> retry failed uploads please', { mention: true });
    await p.sink(mention);
    const v1 = await specPosted(p);
    await p.sink(
      events.message(ada, 'also back off exponentially', { threadId: mention.message.ref.messageId }),
    );
    const v2 = await specPosted(p, 2);
    expect(v2.message.title).toBe('Spec v2: Add retries with backoff to the uploader');
    expect(v2.ref.threadId).toBe(v1.ref.threadId);
    await waitFor(() => p!.chat.updates.some((u) => u.ref.messageId === v1.ref.messageId));
    expect(p.chat.updates.find((u) => u.ref.messageId === v1.ref.messageId)?.message.title).toContain(
      'superseded by v2',
    );

    await p.sink(events.reaction(approverA, v1.ref, 'white_check_mark'));
    await waitFor(() => p!.chat.posts.some((x) => x.message.text.includes('react on v2')));
    const state = await rows(p);
    expect(state.versions.map((v) => [v.version, v.state])).toEqual([
      [1, 'superseded'],
      [2, 'proposed'],
    ]);
    expect(state.executions).toHaveLength(0);
    expect(state.reactions[0]).toMatchObject({ counted: false, ignored_reason: 'superseded' });
  });

  test('an approval whose announcement failed after the decision committed is announced by the retried job', async () => {
    p = await startTestPipeline(stageAnswers());
    await p.sink(events.message(ada, '<@UBOT> retry failed uploads', { mention: true }));
    const v1 = await specPosted(p);
    p.chat.failNextPost(/approved by/);
    await p.sink(events.reaction(approverA, v1.ref, 'white_check_mark'));
    await waitFor(() => p!.chat.posts.some((x) => x.message.text.includes('approved by <@UA>')));
    const state = await rows(p);
    expect(state.versions[0]?.state).toBe('approved');
    expect(state.executions).toHaveLength(1);
    const announced = p.chat.posts.filter((x) => x.message.text.includes('approved by'));
    expect(announced).toHaveLength(1);
    // It is the run's status message, as when the first attempt posts it.
    const [execution] = await p.database.store.db
      .selectFrom('executions')
      .select('status_message_id')
      .execute();
    expect(execution?.status_message_id).toContain(announced[0]?.ref.messageId);
  });

  test('approval by an approver enqueues exactly one execution, even when the reaction is redelivered', async () => {
    p = await startTestPipeline(stageAnswers());
    const mention = events.message(ada, '<@UBOT> retry failed uploads', { mention: true });
    await p.sink(mention);
    const v1 = await specPosted(p);
    const approve = events.reaction(approverA, v1.ref, 'white_check_mark');
    await p.sink(approve);
    await p.sink(approve);
    await p.sink({ ...approve, eventId: `${approve.eventId}-other-delivery` });
    await waitFor(() => p!.chat.posts.some((x) => x.message.text.includes('approved by <@UA>')));
    await new Promise((r) => setTimeout(r, 1_500));
    const state = await rows(p);
    expect(state.versions[0]?.state).toBe('approved');
    expect(state.executions).toHaveLength(1);
    expect(state.jobs).toBe(1);
    expect(p.chat.posts.filter((x) => x.message.text.includes('approved by'))).toHaveLength(1);
    const trail = await eventsFor(p.database.store.db, 'spec_version', state.versions[0]!.id);
    expect(trail.at(-1)).toMatchObject({
      from: 'proposed',
      to: 'approved',
      cause: { kind: 'reaction', actor: 'slack:UA', eventId: approve.eventId },
    });
  });

  test('the bot, untrusted users and non-approvers are recorded as ignored; non-approvers are told privately', async () => {
    p = await startTestPipeline(stageAnswers());
    const mention = events.message(ada, '<@UBOT> retry failed uploads', { mention: true });
    await p.sink(mention);
    const v1 = await specPosted(p);
    await p.sink(
      events.reaction(
        person('UBOT', { isBot: true, trust: 'untrusted', untrustedReason: 'bot' }),
        v1.ref,
        'white_check_mark',
      ),
    );
    await p.sink(
      events.reaction(
        person('UA', { trust: 'untrusted', untrustedReason: 'guest' }),
        v1.ref,
        'white_check_mark',
      ),
    );
    await p.sink(events.reaction(person('UNOBODY'), v1.ref, 'white_check_mark'));
    await waitFor(async () => (await rows(p!)).reactions.length === 3);
    const state = await rows(p);
    // Reactions are handled by concurrent jobs, so compare them in a fixed order.
    const recorded = state.reactions.map((r) => [r.user_id, r.counted, r.ignored_reason]);
    expect(recorded.sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      ['slack:UA', false, 'untrusted'],
      ['slack:UBOT', false, 'bot'],
      ['slack:UNOBODY', false, 'not-an-approver'],
    ]);
    expect(state.versions[0]?.state).toBe('proposed');
    expect(state.executions).toHaveLength(0);
    await waitFor(() => p!.chat.ephemerals.length === 2);
    expect(p.chat.ephemerals.find((e) => e.userId === 'slack:UNOBODY')?.text).toContain('not an approver');
  });

  test('a quorum of two needs two approvers; an approval removed before the quorum stops counting', async () => {
    p = await startTestPipeline(stageAnswers());
    const mention = events.message(ada, '<@UBOT> retry failed uploads', { mention: true });
    await p.sink(mention);
    const v1 = await specPosted(p);
    await p.database.store.db.updateTable('channels').set({ quorum: 2 }).execute();
    await p.sink(events.reaction(approverA, v1.ref, 'white_check_mark'));
    await waitFor(() => p!.chat.posts.some((x) => x.message.text.includes('Approval 1 of 2')));
    await p.sink(events.reaction(approverA, v1.ref, 'white_check_mark', true));
    await p.sink(events.reaction(approverB, v1.ref, 'white_check_mark'));
    await waitFor(async () => (await rows(p!)).reactions.length === 3);
    await new Promise((r) => setTimeout(r, 800));
    expect((await rows(p)).versions[0]?.state).toBe('proposed');
    await p.sink(events.reaction(approverA, v1.ref, 'white_check_mark'));
    await waitFor(async () => (await rows(p!)).versions[0]?.state === 'approved');
    expect((await rows(p)).executions).toHaveLength(1);
  });

  test('a reject by an approver closes the spec and dismisses the intent', async () => {
    p = await startTestPipeline(stageAnswers());
    const mention = events.message(ada, '<@UBOT> retry failed uploads', { mention: true });
    await p.sink(mention);
    const v1 = await specPosted(p);
    await p.sink(events.reaction(approverB, v1.ref, 'x'));
    await waitFor(() => p!.chat.posts.some((x) => x.message.text.includes('rejected by <@UB>')));
    const intent = await p.database.store.db.selectFrom('intents').select('state').executeTakeFirstOrThrow();
    expect(intent.state).toBe('dismissed');
    expect((await rows(p)).executions).toHaveLength(0);
  });

  test('the requester cannot approve their own request when the channel forbids it', async () => {
    p = await startTestPipeline(stageAnswers(), { CODECOT_APPROVERS: 'slack:UREQ' });
    const mention = events.message(ada, '<@UBOT> retry failed uploads', { mention: true });
    await p.sink(mention);
    const v1 = await specPosted(p);
    await p.database.store.db.updateTable('channels').set({ allow_self_approval: false }).execute();
    await p.sink(events.reaction(ada, v1.ref, 'white_check_mark'));
    await waitFor(async () => (await rows(p!)).reactions.length === 1);
    expect((await rows(p)).reactions[0]).toMatchObject({ counted: false, ignored_reason: 'self-approval' });
  });

  test('a mention by a bot or a guest does not produce a spec', async () => {
    p = await startTestPipeline(stageAnswers());
    await p.sink(
      events.message(
        person('UGUEST', { trust: 'untrusted', untrustedReason: 'guest' }),
        '<@UBOT> delete the prod database',
        { mention: true },
      ),
    );
    await p.sink(
      events.message(
        person('BOTX', { isBot: true, trust: 'untrusted', untrustedReason: 'bot' }),
        '<@UBOT> do things',
        { mention: true },
      ),
    );
    await new Promise((r) => setTimeout(r, 2_500));
    expect(p.model.calls()).toBe(0);
    expect(p.chat.posts).toHaveLength(0);
  });

  test('the summon emoji on a message by a trusted member makes a spec from it', async () => {
    p = await startTestPipeline(stageAnswers());
    const msg = events.message(ada, 'the uploader should retry when the network drops');
    await p.sink(msg);
    await p.sink(events.reaction(approverA, msg.message.ref, 'robot_face'));
    const spec = await specPosted(p);
    expect(spec.replyTo?.messageId).toBe(msg.message.ref.messageId);
    const intent = await p.database.store.db.selectFrom('intents').selectAll().executeTakeFirstOrThrow();
    expect(intent).toMatchObject({
      trigger: 'emoji',
      requested_by: 'slack:UA',
      trigger_key: `emoji:${messageKey(msg.message.ref)}`,
    });
  });
});
