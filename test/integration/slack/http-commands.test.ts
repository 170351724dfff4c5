import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FAKE_SIGNING_SECRET, sendSlashCommand, slashCommand } from '../../fakes/slack/index.ts';
import { type SlackHarness, startSlackHarness } from './harness.ts';
import { CHANNEL, PERSONAS } from './personas.ts';

const signed = { signingSecret: FAKE_SIGNING_SECRET };
const MEMBER = PERSONAS.member.user.id;

describe('Slack HTTP endpoint: /codecot', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(() => h.close());

  const invoke = (text: string) =>
    sendSlashCommand(
      h.eventsUrl,
      slashCommand({ command: '/codecot', text, userId: MEMBER, channelId: CHANNEL }),
      signed,
    );

  test('the reply is acked as an ephemeral response, escaped as mrkdwn', async () => {
    h.setSinkResult({ reply: 'Approvers: <@U0MEMBER>; use `/codecot approvers add <@user>` & more' });
    const response = await invoke('Approvers list');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      response_type: 'ephemeral',
      text: 'Approvers: <@U0MEMBER>; use `/codecot approvers add &lt;@user&gt;` &amp; more',
    });
    expect(h.events.at(-1)).toMatchObject({
      type: 'command',
      subcommand: 'approvers',
      args: 'list',
      user: { id: 'slack:U0MEMBER', trust: 'trusted' },
    });
  });

  test('no reply (a duplicate) is an empty ack; a failing sink gets an apology instead of an error', async () => {
    h.setSinkResult({});
    expect(await invoke('status')).toMatchObject({ status: 200, text: '' });
    h.setSinkImpl(async () => {
      throw new Error('boom');
    });
    const response = await invoke('status');
    expect(response.body).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/could not answer/),
    });
    h.setSinkImpl(undefined);
  });
});
