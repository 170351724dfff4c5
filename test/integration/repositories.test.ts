import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { ChannelRef, ChatMessage } from '../../src/domain/chat.ts';
import { executionMachine } from '../../src/domain/execution.ts';
import { intentMachine } from '../../src/domain/intent.ts';
import type { SpecBody } from '../../src/domain/spec.ts';
import { specVersionMachine } from '../../src/domain/spec.ts';
import { isCodecotError } from '../../src/errors.ts';
import { ensureChannel, findChannel, updateChannel } from '../../src/store/repositories/channels.ts';
import { eventsFor } from '../../src/store/repositories/event-log.ts';
import { createExecution, findExecution } from '../../src/store/repositories/executions.ts';
import { recordInboundEvent } from '../../src/store/repositories/inbound-events.ts';
import { createIntent, findIntent } from '../../src/store/repositories/intents.ts';
import {
  deleteMessage,
  editMessage,
  saveMessage,
  threadMessages,
} from '../../src/store/repositories/messages.ts';
import { addSpecVersion, ensureSpec, findSpecVersion } from '../../src/store/repositories/specs.ts';
import { moveState } from '../../src/store/transitions.ts';
import { createTestDatabase, engineUnderTest, type TestDatabase } from '../helpers/database.ts';

const channel: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };
const user = { id: 'slack:U1', name: 'ada', trust: 'trusted' as const, isBot: false };
const body: SpecBody = {
  title: 'Add retry',
  problem: 'p',
  desiredOutcome: 'o',
  scope: ['src/a.ts'],
  acceptanceCriteria: ['a'],
  outOfScope: [],
  validationPlan: ['npm test'],
  risks: [],
  size: 's',
};

function message(messageId: string, text: string, threadId?: string): ChatMessage {
  return {
    ref: { channel, messageId, ...(threadId ? { threadId } : {}) },
    author: user,
    text,
    mentionsBot: false,
    at: new Date(Number(messageId) * 1000),
  };
}

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => t.dispose());

describe(`repositories on ${engineUnderTest()}`, () => {
  test('channels are created once with defaults and updated by patch', async () => {
    const first = await ensureChannel(t.store.db, channel, 'general');
    const again = await ensureChannel(t.store.db, channel, 'renamed');
    expect(again).toEqual(first);
    expect(first).toMatchObject({
      id: 'slack:T1:C1',
      passiveListening: false,
      quorum: 1,
      approvers: null,
      digestCron: '0 9 * * 1-5',
      timezone: 'UTC',
    });
    const updated = await updateChannel(t.store.db, first.id, {
      approvers: ['slack:U1', 'slack:U2'],
      quorum: 2,
      passiveListening: true,
      linkedRepo: 'acme/w',
    });
    expect(updated).toMatchObject({
      approvers: ['slack:U1', 'slack:U2'],
      quorum: 2,
      passiveListening: true,
      linkedRepo: 'acme/w',
    });
    expect(await findChannel(t.store.db, first.id)).toEqual(updated);
    expect(await findChannel(t.store.db, 'slack:T1:nope')).toBeUndefined();
  });

  test('messages are stored once, edited, deleted, and read by thread', async () => {
    await ensureChannel(t.store.db, channel);
    expect(await saveMessage(t.store.db, message('100.1', 'root'))).toBe(true);
    expect(await saveMessage(t.store.db, message('100.1', 'root again'))).toBe(false);
    await saveMessage(t.store.db, message('101.1', 'reply one', '100.1'));
    await saveMessage(t.store.db, message('102.1', 'reply two', '100.1'));
    await saveMessage(t.store.db, message('103.1', 'elsewhere'));
    expect(await editMessage(t.store.db, 'slack:T1:C1:101.1', 'reply one (edited)', new Date())).toBe(true);
    expect(await deleteMessage(t.store.db, 'slack:T1:C1:102.1', new Date())).toBe(true);
    expect(await editMessage(t.store.db, 'slack:T1:C1:999', 'x', new Date())).toBe(false);
    const thread = await threadMessages(t.store.db, 'slack:T1:C1:100.1');
    expect(thread.map((m) => m.text)).toEqual(['root', 'reply one (edited)']);
    expect(thread[1]?.editedAt).toBeInstanceOf(Date);
  });

  test('an inbound event id is recorded once', async () => {
    expect(await recordInboundEvent(t.store.db, 'slack:Ev1', 'message')).toBe(true);
    expect(await recordInboundEvent(t.store.db, 'slack:Ev1', 'message')).toBe(false);
    expect(await recordInboundEvent(t.store.db, 'slack:Ev2', 'message')).toBe(true);
  });

  test('intent, spec version and execution move through their machines with an audit trail', async () => {
    const { db } = t.store;
    await ensureChannel(db, channel);
    const cause = { kind: 'message' as const, actor: 'slack:U1', eventId: 'slack:Ev9' };
    const intent = await createIntent(
      db,
      {
        channelId: 'slack:T1:C1',
        threadId: 'slack:T1:C1:100.1',
        trigger: 'mention',
        triggerKey: 'mention:slack:T1:C1:100.1',
        title: 'Retry',
        summary: 's',
        confidence: 0.9,
        evidenceMessageIds: ['slack:T1:C1:100.1'],
        triggerRef: { channel, messageId: '100.1' },
        requestedBy: 'slack:U1',
      },
      cause,
    );
    if (!intent) throw new Error('intent not created');
    expect(
      await createIntent(
        db,
        {
          channelId: 'slack:T1:C1',
          threadId: null,
          trigger: 'mention',
          triggerKey: 'mention:slack:T1:C1:100.1',
          title: 'dup',
          summary: 's',
          confidence: 1,
          evidenceMessageIds: [],
          triggerRef: null,
          requestedBy: null,
        },
        cause,
      ),
    ).toBeUndefined();
    await moveState(db, 'intents', intent.id, intentMachine, 'proposed', {
      kind: 'job',
      detail: 'spec drafted',
    });
    expect((await findIntent(db, intent.id))?.state).toBe('proposed');

    const specId = await ensureSpec(db, {
      intentId: intent.id,
      channelId: 'slack:T1:C1',
      threadId: 'slack:T1:C1:100.1',
      repo: 'acme/w',
    });
    expect(
      await ensureSpec(db, { intentId: intent.id, channelId: 'slack:T1:C1', threadId: 'x', repo: null }),
    ).toBe(specId);
    const v1 = await addSpecVersion(db, specId, body, cause);
    const v2 = await addSpecVersion(db, specId, { ...body, title: 'Add retry with backoff' }, cause);
    expect([v1.version, v2.version]).toEqual([1, 2]);
    await moveState(db, 'spec_versions', v1.id, specVersionMachine, 'superseded', {
      kind: 'message',
      detail: 'revised',
    });
    await moveState(db, 'spec_versions', v2.id, specVersionMachine, 'approved', {
      kind: 'reaction',
      actor: 'slack:U2',
      eventId: 'slack:Ev10',
    });
    expect((await findSpecVersion(db, v2.id))?.body.title).toBe('Add retry with backoff');

    const first = await createExecution(db, v2.id, 1, { kind: 'reaction', actor: 'slack:U2' });
    const second = await createExecution(db, v2.id, 1, { kind: 'reaction', actor: 'slack:U3' });
    expect(first.created).toBe(true);
    expect(second).toEqual({ execution: first.execution, created: false });
    for (const to of ['preparing', 'agent', 'validating', 'pushing'] as const) {
      await moveState(db, 'executions', first.execution.id, executionMachine, to, {
        kind: 'job',
        detail: to,
      });
    }
    const illegal = moveState(db, 'executions', first.execution.id, executionMachine, 'succeeded', {
      kind: 'job',
    });
    await expect(illegal).rejects.toSatisfy((e) => isCodecotError(e, 'illegal_transition'));
    expect((await findExecution(db, first.execution.id))?.state).toBe('pushing');

    const trail = await eventsFor(db, 'execution', first.execution.id);
    expect(trail.map((e) => `${e.from ?? '-'}>${e.to}`)).toEqual([
      '->queued',
      'queued>preparing',
      'preparing>agent',
      'agent>validating',
      'validating>pushing',
    ]);
    expect(trail[0]?.cause).toEqual({ kind: 'reaction', actor: 'slack:U2' });
    const specTrail = await eventsFor(db, 'spec_version', v2.id);
    expect(specTrail.at(-1)).toMatchObject({
      to: 'approved',
      cause: { actor: 'slack:U2', eventId: 'slack:Ev10' },
    });
  });

  test('moving a row that does not exist is a not_found error', async () => {
    const missing = moveState(
      t.store.db,
      'executions',
      '00000000-0000-4000-8000-000000000000',
      executionMachine,
      'preparing',
      { kind: 'job' },
    );
    await expect(missing).rejects.toSatisfy((e) => isCodecotError(e, 'not_found'));
  });
});
