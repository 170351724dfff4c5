import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { ChatUser } from '../../../src/domain/chat.ts';
import type { ChatEvent } from '../../../src/domain/chat-events.ts';
import { HELP, handleCommand, userIdFrom } from '../../../src/pipeline/handle-command.ts';
import { findChannel } from '../../../src/store/repositories/channels.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { CHANNEL, person } from '../../helpers/pipeline.ts';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => t.dispose());

const defaults = { approvers: [] as string[], repo: 'acme/default' };
const run = (subcommand: string, args = '', user: ChatUser = person('UA')) => {
  const event: Extract<ChatEvent, { type: 'command' }> = {
    type: 'command',
    eventId: `slack:cmd:${Math.random()}`,
    channel: CHANNEL,
    user,
    subcommand,
    args,
  };
  return handleCommand({ db: t.store.db, defaults }, event);
};
const settings = () => findChannel(t.store.db, 'slack:T1:C1');

describe('/codecot', () => {
  test('help, and unknown subcommands get help', async () => {
    expect(await run('help')).toBe(HELP);
    expect(await run('frobnicate')).toBe(HELP);
  });

  test('status shows the default repository until one is linked', async () => {
    expect(await run('status')).toContain('Repository: acme/default');
    expect(await run('repo', 'acme/widgets')).toContain('`acme/widgets`');
    expect(await run('status')).toContain('Repository: acme/widgets');
    expect(await run('repo', 'not a repo')).toContain('Usage');
  });

  test('watch on and off', async () => {
    expect(await run('watch', 'on')).toContain('Passive listening is on');
    expect((await settings())?.passiveListening).toBe(true);
    await run('watch', 'off');
    expect((await settings())?.passiveListening).toBe(false);
    expect(await run('watch', 'sometimes')).toContain('Usage');
  });

  test('approvers: set, add, remove, quorum; only approvers change them once set', async () => {
    expect(await run('approvers', 'set <@UA> <@UB|bob>')).toBe('Approvers: <@UA>, <@UB>.');
    expect(await run('approvers', 'add <@UC>', person('UX'))).toContain("Only this channel's approvers");
    expect(await run('approvers', 'add <@UC>')).toBe('Approvers: <@UA>, <@UB>, <@UC>.');
    expect(await run('approvers', 'remove <@UB>')).toBe('Approvers: <@UA>, <@UC>.');
    expect(await run('approvers', 'quorum 2')).toBe('Quorum set to 2.');
    expect(await run('approvers', 'quorum 0')).toContain('Usage');
    expect(await run('approvers', 'self off')).toMatch(/can no longer approve their own/);
    expect((await settings())?.allowSelfApproval).toBe(false);
    expect(await run('approvers', 'self on', person('UX'))).toContain("Only this channel's approvers");
    expect(await run('approvers', 'self maybe')).toContain('Usage');
    expect(await settings()).toMatchObject({ approvers: ['slack:UA', 'slack:UC'], quorum: 2 });
    expect(await run('repo', 'evil/repo', person('UX'))).toContain("Only this channel's approvers");
  });

  test('untrusted users cannot change settings or request specs', async () => {
    const guest = person('UG', { trust: 'untrusted', untrustedReason: 'guest' });
    for (const [sub, args] of [
      ['repo', 'evil/repo'],
      ['watch', 'on'],
      ['approvers', 'set <@UG>'],
    ] as const) {
      expect(await run(sub, args, guest)).toContain('Only trusted members');
    }
    expect(await run('spec', 'delete everything', guest)).toContain('Only trusted members');
    expect(await settings()).toMatchObject({ linkedRepo: null, passiveListening: false, approvers: null });
  });

  test('spec confirms the request, or explains the usage', async () => {
    expect(await run('spec', 'add retries to uploads')).toContain(
      'Drafting a spec for: add retries to uploads',
    );
    expect(await run('spec', '')).toContain('Usage');
  });

  test('user mentions become canonical ids', () => {
    expect(userIdFrom('<@U123ABC>', 'slack')).toBe('slack:U123ABC');
    expect(userIdFrom('<@!123456789012345678>', 'discord')).toBe('discord:123456789012345678');
    expect(userIdFrom('@bob', 'slack')).toBeUndefined();
  });
});
