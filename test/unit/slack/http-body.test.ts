import { describe, expect, test } from 'vitest';
import { classifyBody } from '../../../adapters/slack/classify-body.ts';
import { parseSlackBody } from '../../../adapters/slack/http-body.ts';
import { eventCallback, messageEvent, slashCommand, urlVerification } from '../../fakes/slack/index.ts';

describe('parseSlackBody', () => {
  test('reads JSON events, form-encoded commands and payload= interactions', () => {
    expect(parseSlackBody('{"type":"event_callback"}', 'application/json')).toEqual({
      ok: true,
      body: { type: 'event_callback' },
    });
    expect(
      parseSlackBody('command=%2Fcodecot&text=status', 'application/x-www-form-urlencoded; charset=utf-8'),
    ).toEqual({
      ok: true,
      body: { command: '/codecot', text: 'status' },
    });
    expect(
      parseSlackBody(
        `payload=${encodeURIComponent('{"type":"block_actions"}')}`,
        'application/x-www-form-urlencoded',
      ),
    ).toEqual({
      ok: true,
      body: { type: 'block_actions' },
    });
  });

  test.each([
    ['broken JSON', '{"type":', 'application/json', /not JSON/],
    ['a JSON array', '[1,2]', 'application/json', /not a JSON object/],
    ['JSON null', 'null', 'application/json', /not a JSON object/],
    [
      'a broken payload field',
      'payload=%7B',
      'application/x-www-form-urlencoded',
      /payload field is not JSON/,
    ],
    ['an unknown content type', 'hello', 'text/plain', /unsupported content type/],
    ['no content type', '{}', undefined, /unsupported content type/],
  ])('refuses %s with a reason', (_name, raw, contentType, reason) => {
    const parsed = parseSlackBody(raw, contentType);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(reason);
  });
});

describe('classifyBody', () => {
  test('tells verification, rate-limit notices and dispatchable payloads apart', () => {
    expect(classifyBody(urlVerification('c-1'))).toEqual({ kind: 'url_verification', challenge: 'c-1' });
    expect(classifyBody({ type: 'app_rate_limited', minute_rate_limited: 1 })).toEqual({
      kind: 'app_rate_limited',
    });
    expect(classifyBody({ ssl_check: '1' })).toEqual({ kind: 'ssl_check' });
    const event = eventCallback(messageEvent({ channel: 'C0G', user: 'U0A', text: 'x' }));
    expect(classifyBody(event as unknown as Record<string, unknown>)).toEqual({ kind: 'dispatch' });
    expect(
      classifyBody(slashCommand({ command: '/codecot', text: '', userId: 'U0A', channelId: 'C0G' })),
    ).toEqual({ kind: 'dispatch' });
    expect(classifyBody({ type: 'block_actions', actions: [] })).toEqual({
      kind: 'interaction',
      type: 'block_actions',
    });
  });

  test.each([
    ['an empty object', {}, /not an event, command or interaction/],
    ['an envelope without event', { type: 'event_callback', event_id: 'Ev1' }, /event/],
    [
      'a command without a user',
      { command: '/codecot', text: '', channel_id: 'C0G', trigger_id: '1.2' },
      /user_id/,
    ],
    ['a challenge-less verification', { type: 'url_verification' }, /challenge/],
  ])('calls %s malformed', (_name, body, reason) => {
    const kind = classifyBody(body);
    expect(kind.kind).toBe('malformed');
    expect(kind.kind === 'malformed' && kind.reason).toMatch(reason);
  });
});
