import { describe, expect, test } from 'vitest';
import { restBase } from '../../../adapters/discord/client.ts';
import { containerOf, emojiName, permalinkOf } from '../../../adapters/discord/refs.ts';
import { cut, splitText } from '../../../adapters/discord/split.ts';
import { classifyAuthor, displayName } from '../../../adapters/discord/trust.ts';
import type { MessageRef } from '../../../src/domain/chat.ts';
import { ADA, GENERAL, GUILD, THREAD, TRUSTED_ROLE, WEBHOOK } from './fixtures.ts';

const channel = { platform: 'discord' as const, workspaceId: GUILD, channelId: GENERAL };

describe('refs', () => {
  test('a message in a thread lives in the thread channel; the thread starter lives in the parent', () => {
    const reply: MessageRef = { channel, messageId: ADA.id, threadId: THREAD };
    const starter: MessageRef = { channel, messageId: THREAD, threadId: THREAD };
    expect(containerOf(reply)).toBe(THREAD);
    expect(containerOf(starter)).toBe(GENERAL);
    expect(containerOf({ channel, messageId: ADA.id })).toBe(GENERAL);
    expect(permalinkOf(reply)).toBe(`https://discord.com/channels/${GUILD}/${THREAD}/${ADA.id}`);
  });

  test('emoji names: unicode as is, custom as name:id', () => {
    expect(emojiName({ id: null, name: '✅' })).toBe('✅');
    expect(emojiName({ id: WEBHOOK, name: 'shipit' })).toBe(`shipit:${WEBHOOK}`);
  });

  test('the REST base accepts the documented forms', () => {
    expect(restBase('https://discord.com/api')).toBe('https://discord.com/api');
    expect(restBase('https://discord.com/api/v10/')).toBe('https://discord.com/api');
    expect(restBase('http://127.0.0.1:3999/api/')).toBe('http://127.0.0.1:3999/api');
  });
});

describe('splitText and cut', () => {
  test('splits at line breaks, then spaces, then hard, and loses nothing but the separator', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    const chunks = splitText(lines, 40);
    expect(chunks.every((c) => c.length <= 40)).toBe(true);
    expect(chunks.join('\n')).toBe(lines);
    expect(splitText('aaaa bbbb cccc', 9)).toEqual(['aaaa bbbb', 'cccc']);
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    expect(splitText('', 10)).toEqual(['']);
  });

  test('never splits an emoji in half', () => {
    const chunks = splitText(`${'a'.repeat(9)}😀b`, 10);
    expect(chunks[0]).toBe('a'.repeat(9));
    expect(chunks[1]).toBe('😀b');
  });

  test('cut keeps the limit and ends with the pointer', () => {
    expect(cut('short', 10, '…')).toBe('short');
    const cutText = cut('x'.repeat(50), 20, '… (truncated)');
    expect(cutText).toHaveLength(20);
    expect(cutText.endsWith('… (truncated)')).toBe(true);
  });
});

describe('trust', () => {
  test('without a trusted role every member is trusted; bots and webhooks never are', () => {
    expect(classifyAuthor({ id: ADA.id }, undefined)).toEqual({ trust: 'trusted', isBot: false });
    expect(classifyAuthor({ id: ADA.id, bot: true }, undefined)).toMatchObject({ untrustedReason: 'bot' });
    expect(classifyAuthor({ id: ADA.id, webhookId: WEBHOOK }, undefined)).toMatchObject({
      untrustedReason: 'webhook',
      isBot: true,
    });
  });

  test('with a trusted role, a member needs it; unknown roles fail closed', () => {
    expect(classifyAuthor({ id: ADA.id, roles: [TRUSTED_ROLE] }, TRUSTED_ROLE).trust).toBe('trusted');
    expect(classifyAuthor({ id: ADA.id, roles: [] }, TRUSTED_ROLE)).toMatchObject({
      untrustedReason: 'no-trusted-role',
    });
    expect(classifyAuthor({ id: ADA.id }, TRUSTED_ROLE).trust).toBe('untrusted');
  });

  test('names: nickname, then global name, then username, then id', () => {
    expect(displayName({ id: ADA.id, nick: 'ada-l', globalName: 'Ada', username: 'ada' })).toBe('ada-l');
    expect(displayName({ id: ADA.id, nick: null, globalName: 'Ada', username: 'ada' })).toBe('Ada');
    expect(displayName({ id: ADA.id, username: 'ada' })).toBe('ada');
    expect(displayName({ id: ADA.id })).toBe(ADA.id);
  });
});
