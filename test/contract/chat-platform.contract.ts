import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RichMessage } from '../../src/domain/chat.ts';
import type { ChatEvent } from '../../src/domain/chat-events.ts';
import { emojiFor } from '../../src/domain/emoji.ts';
import { waitFor } from '../helpers/wait.ts';
import type { ChatPlatformHarness } from './chat-platform-harness.ts';

type Of<T extends ChatEvent['type']> = Extract<ChatEvent, { type: T }>;

/** The behaviour every ChatPlatform adapter must have, checked against its platform's fake. */
export function chatPlatformContract(name: string, makeHarness: () => Promise<ChatPlatformHarness>): void {
  describe(`ChatPlatform contract: ${name}`, () => {
    let h: ChatPlatformHarness;
    beforeAll(async () => {
      h = await makeHarness();
    }, 60_000);
    afterAll(async () => h?.close());

    async function nextEvent<T extends ChatEvent['type']>(
      type: T,
      after: number,
      match: (e: Of<T>) => boolean = () => true,
    ): Promise<Of<T>> {
      let found: Of<T> | undefined;
      await waitFor(() => {
        found = h.events.slice(after).find((e): e is Of<T> => e.type === type && match(e as Of<T>));
        return found !== undefined;
      });
      return found as Of<T>;
    }

    test('a member message arrives as a canonical, trusted message event', async () => {
      const mark = h.events.length;
      const ref = await h.userSays('we should add retries to the uploader');
      const event = await nextEvent('message', mark, (e) => e.message.ref.messageId === ref.messageId);
      expect(event.eventId).toMatch(new RegExp(`^${h.platform.name}:`));
      expect(event.message.ref.channel).toEqual(h.channel);
      expect(event.message.text).toContain('we should add retries to the uploader');
      expect(event.message.author).toMatchObject({ id: h.userId('member'), trust: 'trusted', isBot: false });
      expect(event.message.mentionsBot).toBe(false);
    });

    test('a redelivered event carries the same event id', async () => {
      const mark = h.events.length;
      await h.userSays('redelivery check');
      await nextEvent('message', mark);
      await h.redeliverLast();
      await waitFor(() => h.events.length >= mark + 2);
      const ids = h.events.slice(mark).map((e) => e.eventId);
      expect(ids[0]).toBe(ids[1]);
    });

    test('a mention of the bot arrives as a mention event', async () => {
      const mark = h.events.length;
      const ref = await h.userSays('please add a --dry-run flag', { mentionBot: true });
      const event = await nextEvent('mention', mark, (e) => e.message.ref.messageId === ref.messageId);
      expect(event.message.mentionsBot).toBe(true);
      expect(event.message.text).toContain('please add a --dry-run flag');
    });

    test('thread replies carry their thread id', async () => {
      const root = await h.userSays('root of a thread');
      const mark = h.events.length;
      const reply = await h.userSays('a reply in the thread', { threadOf: root });
      const event = await nextEvent('message', mark, (e) => e.message.ref.messageId === reply.messageId);
      expect(event.message.ref.threadId).toBeDefined();
      expect(event.message.ref.threadId).toBe(reply.threadId);
    });

    test.each(['bot', 'guest', 'external'] as const)('a %s is labelled untrusted', async (persona) => {
      if (persona !== 'bot' && !h.supportsPersona(persona)) return;
      const mark = h.events.length;
      const ref = await h.userSays(`hello from a ${persona}`, { persona });
      const event = await nextEvent('message', mark, (e) => e.message.ref.messageId === ref.messageId);
      expect(event.message.author.trust).toBe('untrusted');
      expect(event.message.author.untrustedReason).toBeDefined();
    });

    test('reactions added and removed arrive with the user and the platform emoji', async () => {
      const target = await h.userSays('react to me');
      const approve = emojiFor('approve', h.platform.name);
      let mark = h.events.length;
      await h.userReacts(target, approve);
      const added = await nextEvent('reaction_added', mark, (e) => e.target.messageId === target.messageId);
      expect(added.emoji).toBe(approve);
      expect(added.user.id).toBe(h.userId('member'));
      mark = h.events.length;
      await h.userReacts(target, approve, { removed: true });
      const removed = await nextEvent(
        'reaction_removed',
        mark,
        (e) => e.target.messageId === target.messageId,
      );
      expect(removed.user.id).toBe(h.userId('member'));
    });

    test('edits and deletions arrive', async () => {
      const target = await h.userSays('first wording');
      let mark = h.events.length;
      await h.userEdits(target, 'second wording');
      const edited = await nextEvent('message_edited', mark, (e) => e.ref.messageId === target.messageId);
      expect(edited.text).toContain('second wording');
      mark = h.events.length;
      await h.userDeletes(target);
      await nextEvent('message_deleted', mark, (e) => e.ref.messageId === target.messageId);
    });

    test('the slash command reaches the sink and its reply reaches the user', async () => {
      h.setSinkResult({ reply: 'channel status: all good' });
      const mark = h.events.length;
      const shown = await h.slashCommand('status', 'verbose');
      const event = await nextEvent('command', mark);
      expect(event).toMatchObject({ subcommand: 'status', args: 'verbose', channel: h.channel });
      expect(event.user.id).toBe(h.userId('member'));
      expect(shown).toContain('channel status: all good');
      h.setSinkResult({});
    });

    test('joining a channel arrives as bot_joined', async () => {
      const mark = h.events.length;
      await h.botJoins();
      const event = await nextEvent('bot_joined', mark);
      expect(event.channel.platform).toBe(h.platform.name);
    });

    const spec: RichMessage = {
      text: 'Spec: add retries (fallback)',
      title: 'Spec v1: Add retries',
      sections: [
        { heading: 'Problem', body: 'Uploads fail on flaky networks.' },
        { heading: 'Acceptance criteria', items: ['retries 3 times', 'backs off exponentially'] },
        {
          fields: [
            { label: 'Repo', value: 'acme/widgets' },
            { label: 'Quorum', value: '1' },
          ],
        },
      ],
      context: 'React ✅ to approve',
    };

    test('post, reply in a thread, update, and react', async () => {
      const root = await h.userSays('please draft a spec');
      const posted = await h.platform.post(h.channel, spec, root);
      expect(posted.threadId).toBeDefined();
      let seen = (await h.posted()).find((m) => m.ref.messageId === posted.messageId);
      expect(seen?.visibleText).toContain('Add retries');
      expect(seen?.visibleText).toContain('backs off exponentially');
      expect(seen?.visibleText).toContain('acme/widgets');
      expect(seen?.threadId).toBe(posted.threadId);

      await h.platform.update(posted, { text: 'Spec v1 (superseded)', title: 'Spec v1 (superseded)' });
      seen = (await h.posted()).find((m) => m.ref.messageId === posted.messageId);
      expect(seen?.visibleText).toContain('superseded');

      const approve = emojiFor('approve', h.platform.name);
      const reject = emojiFor('reject', h.platform.name);
      await h.platform.addReaction(posted, approve);
      await h.platform.addReaction(posted, reject);
      expect((await h.botReactions(posted)).sort()).toEqual([approve, reject].sort());
      await h.platform.removeReaction(posted, reject);
      expect(await h.botReactions(posted)).toEqual([approve]);
    });

    test('a second reply to the same thread stays in that thread', async () => {
      const root = await h.userSays('thread for two replies');
      const first = await h.platform.post(h.channel, { text: 'first reply' }, root);
      const second = await h.platform.post(h.channel, { text: 'second reply' }, first);
      expect(second.threadId).toBe(first.threadId);
    });

    test('thread history returns the thread oldest first', async () => {
      const root = await h.userSays('history root');
      await h.userSays('history reply 1', { threadOf: root });
      const botReply = await h.platform.post(h.channel, { text: 'history reply 2 from the bot' }, root);
      const history = await h.platform.threadHistory(botReply, 50);
      const texts = history.map((m) => m.text);
      const i1 = texts.findIndex((t) => t.includes('history reply 1'));
      const i2 = texts.findIndex((t) => t.includes('history reply 2'));
      expect(i1).toBeGreaterThanOrEqual(0);
      expect(i2).toBeGreaterThan(i1);
      expect(history.find((m) => m.text.includes('history reply 2'))?.author.id).toBe(h.platform.botUserId());
    });

    test('a permalink is a URL', async () => {
      const ref = await h.platform.post(h.channel, { text: 'link me' });
      expect(await h.platform.permalink(ref)).toMatch(/^https?:\/\//);
    });

    test('text longer than one message is delivered in full, within the limit of each message', async () => {
      const long = Array.from({ length: 900 }, (_, i) => `line ${i} of a very long validation log`).join(
        '\n',
      );
      const before = (await h.posted()).length;
      await h.platform.post(h.channel, {
        text: long,
        title: 'Long result',
        sections: [{ heading: 'Log', body: long }],
      });
      const added = (await h.posted()).slice(before);
      expect(added.length).toBeGreaterThan(0);
      for (const m of added) expect(m.visibleText.length).toBeLessThanOrEqual(h.maxMessageLength * 4);
      const all = added.map((m) => m.visibleText).join('\n');
      expect(all).toMatch(/line 0 of a very long/);
      expect(all).toMatch(/truncated|continued|\(\d+\/\d+\)|full text/i);
    });

    test('ephemeral notes reach only their user, where the platform has them', async () => {
      if (!h.platform.postEphemeral || !h.ephemeralsTo) return;
      await h.platform.postEphemeral(h.channel, h.userId('member'), 'only you can see this');
      await waitFor(
        async () =>
          (await h.ephemeralsTo?.(h.userId('member')))?.some((t) => t.includes('only you can see this')) ??
          false,
      );
    });
  });
}
