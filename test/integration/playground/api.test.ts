import { afterEach, describe, expect, test } from 'vitest';
import { createAccessGuard } from '../../../src/dashboard/index.ts';
import { waitFor } from '../../helpers/wait.ts';
import { newClientId, type PlaygroundWorld, refOf, startPlayground } from './harness.ts';

let world: PlaygroundWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const alice = { name: 'Alice' };
const say = (w: PlaygroundWorld, text: string, extra: object = {}) =>
  w.post('messages', { user: alice, channel: 'general', text, clientId: newClientId(), ...extra });

describe('the playground API', () => {
  test('a request retried after a failed delivery posts once and re-delivers the same event', async () => {
    world = await startPlayground();
    world.failNext(1);
    const body = {
      user: alice,
      channel: 'general',
      text: '@codecot add a mul function',
      clientId: newClientId(),
    };
    const first = await world.post('messages', body);
    expect(first.status).toBe(502);
    const second = await world.post('messages', body);
    expect(second.status).toBe(200);
    const mentions = world.events.filter((e) => e.type === 'mention');
    expect(mentions).toHaveLength(2);
    expect(mentions[0]?.eventId).toBe(mentions[1]?.eventId);
    const posted = (await world.state()).messages.filter((m) => m.text.includes('add a mul function'));
    expect(posted).toHaveLength(1);
    expect(mentions[0]).toMatchObject({ message: { author: { id: 'local:alice', trust: 'trusted' } } });
  });

  test('untrusted input is refused with a reason, never half-applied', async () => {
    world = await startPlayground();
    const text = async (res: Response) => `${res.status} ${((await res.json()) as { error: string }).error}`;
    expect(await text(await say(world, '   '))).toMatch(/^400 text: write something/);
    expect(await text(await say(world, 'hi', { channel: 'nope' }))).toMatch(/^404 there is no channel #nope/);
    const asBot = await world.post('messages', {
      user: { name: 'Codecot' },
      channel: 'general',
      text: 'x',
      clientId: newClientId(),
    });
    expect(await text(asBot)).toMatch(/^400 user.name: "Codecot" is the bot's name/);
    const plain = await world.post('messages', {}, { headers: { 'content-type': 'text/plain' } });
    expect(plain.status).toBe(415);
    const crossSite = await say(world, 'hi', {});
    expect(crossSite.status).toBe(200);
    const forged = await world.post(
      'messages',
      { user: alice, channel: 'general', text: 'approve it', clientId: newClientId() },
      { headers: { 'content-type': 'application/json', origin: 'https://evil.example' } },
    );
    expect(forged.status).toBe(403);
    expect((await world.state()).messages.some((m) => m.text === 'approve it')).toBe(false);
  });

  test('only the author edits or deletes a message', async () => {
    world = await startPlayground();
    const { message } = (await (await say(world, 'mine')).json()) as { message: { id: string } };
    const edit = { user: { name: 'bob' }, messageId: message.id, text: 'hijacked', clientId: newClientId() };
    expect((await world.post('edits', edit)).status).toBe(403);
    expect((await world.post('deletions', { ...edit, text: undefined })).status).toBe(403);
    expect((await world.post('edits', { ...edit, user: alice })).status).toBe(200);
    expect((await world.state()).messages.find((m) => m.id === message.id)).toMatchObject({
      text: 'hijacked',
      edited: true,
    });
  });

  test('mentions, commands with people, and replies shown to their sender only', async () => {
    world = await startPlayground();
    world.setSinkResult({ reply: 'Approvers here: @bob' });
    await say(world, 'write to me at alice@codecot.example');
    await say(world, 'hey @codecot, add retries');
    expect(
      world.events.filter((e) => e.type === 'message' || e.type === 'mention').map((e) => e.type),
    ).toEqual(['message', 'mention']);
    const res = await world.post('commands', {
      user: alice,
      channel: 'general',
      text: '/codecot approvers add @Bob',
      clientId: newClientId(),
    });
    expect(await res.json()).toEqual({ reply: 'Approvers here: @bob' });
    expect(world.events.at(-1)).toMatchObject({
      type: 'command',
      subcommand: 'approvers',
      args: 'add <@bob>',
    });
    const forAlice = (await world.state('alice')).messages.filter((m) => m.onlyYou).map((m) => m.text);
    expect(forAlice).toEqual(['/codecot approvers add @Bob', 'Approvers here: @bob']);
    expect((await world.state('bob')).messages.some((m) => m.onlyYou)).toBe(false);
  });

  test('live updates reach open pages; a note for one person reaches only that person', async () => {
    world = await startPlayground();
    const alicePage = await openStream(world.url, 'alice');
    const bobPage = await openStream(world.url, 'bob');
    const ref = await world.platform.post(
      { platform: 'local', workspaceId: 'local', channelId: 'general' },
      { text: 'status: queued' },
    );
    await world.platform.update(ref, { text: 'status: done' });
    await world.platform.postEphemeral?.(ref.channel, 'local:bob', 'only for bob');
    await waitFor(() => bobPage.received().includes('only for bob'));
    await waitFor(() => alicePage.received().includes('status: done'));
    expect(alicePage.received()).toContain('status: queued');
    expect(alicePage.received()).not.toContain('only for bob');
    alicePage.close();
    bobPage.close();
  });

  test('long posts continue in numbered parts; file:// pull requests link to the dashboard', async () => {
    world = await startPlayground({
      rewriteLink: (url) => (url.endsWith('#pull/1') ? '/dashboard/pulls/local/widgets/1' : undefined),
    });
    const channel = { platform: 'local' as const, workspaceId: 'local', channelId: 'dev' };
    const pr = 'file:///data/repos/local/widgets.git#pull/1';
    const ref = await world.platform.post(channel, { text: `Pull request #1: ${pr}` });
    await world.platform.post(channel, { text: 'x'.repeat(9_000) }, ref);
    const { messages } = await world.state();
    const inDev = messages.filter((m) => m.channel === 'dev');
    expect(inDev[0]?.links).toEqual({ [pr]: '/dashboard/pulls/local/widgets/1' });
    expect(inDev.slice(1).map((m) => m.text.slice(-5))).toEqual(['(1/3)', '(2/3)', '(3/3)']);
    expect(inDev.slice(1).every((m) => m.threadId === ref.messageId && m.visible.length <= 4_000)).toBe(true);
    expect(refOf(inDev[0]!)).toEqual(ref);
  });

  test('the page is served with a strict content policy, and only its own files', async () => {
    world = await startPlayground({ notices: () => ['Set OPENAI_API_KEY'] });
    const page = await fetch(`${world.url}/playground`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('/playground/app.js');
    expect((await fetch(`${world.url}/playground/render.js`)).status).toBe(200);
    expect((await fetch(`${world.url}/playground/..%2Fpackage.json`)).status).toBe(404);
    expect((await world.state()).notices).toEqual(['Set OPENAI_API_KEY']);
  });

  test('behind the access guard, the page and its API need the token', async () => {
    world = await startPlayground({ authorize: createAccessGuard('a-playground-token-0123456789') });
    expect((await fetch(`${world.url}/playground`)).status).toBe(401);
    expect((await say(world, 'hi')).status).toBe(401);
    const ok = await fetch(`${world.url}/playground/api/state`, {
      headers: { authorization: 'Bearer a-playground-token-0123456789' },
    });
    expect(ok.status).toBe(200);
  });
});

/** Reads a server-sent event stream as a page would, collecting its text. */
async function openStream(base: string, user: string) {
  const abort = new AbortController();
  const res = await fetch(`${base}/playground/api/events?user=${user}`, { signal: abort.signal });
  let text = '';
  const reader = res.body?.getReader();
  void (async () => {
    const decoder = new TextDecoder();
    for (;;) {
      const chunk = await reader?.read().catch(() => undefined);
      if (!chunk || chunk.done) return;
      text += decoder.decode(chunk.value);
    }
  })();
  return { received: () => text, close: () => abort.abort() };
}
