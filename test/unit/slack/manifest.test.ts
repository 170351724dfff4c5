import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { HANDLED_EVENT_TYPES } from '../../../adapters/slack/parse.ts';

interface Manifest {
  features: { slash_commands: { command: string; url: string; should_escape: boolean }[] };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(
  readFileSync(join(import.meta.dirname, '../../../slack-app-manifest.yml'), 'utf8'),
) as Manifest;

test('subscribes to exactly the events the adapter turns into canonical events', () => {
  const subscribed = new Set(
    manifest.settings.event_subscriptions.bot_events.map((e) => e.replace(/^message\..*/, 'message')),
  );
  expect([...subscribed].sort()).toEqual([...HANDLED_EVENT_TYPES].sort());
});

test('asks for exactly the bot scopes Codecot uses, and no user scopes', () => {
  expect(manifest.oauth_config.scopes.bot.sort()).toEqual(
    [
      'app_mentions:read',
      'channels:history',
      'channels:read',
      'chat:write',
      'commands',
      'groups:history',
      'groups:read',
      'reactions:read',
      'reactions:write',
      'users:read',
    ].sort(),
  );
  expect(manifest.oauth_config.scopes.user).toBeUndefined();
});

test('routes events and /codecot to the one endpoint, with escaped mentions', () => {
  expect(manifest.features.slash_commands).toEqual([
    expect.objectContaining({
      command: '/codecot',
      url: expect.stringMatching(/^https:\/\/.+\/slack\/events$/),
      should_escape: true,
    }),
  ]);
  expect(manifest.settings.event_subscriptions.request_url).toMatch(/^https:\/\/.+\/slack\/events$/);
  expect(manifest.settings.socket_mode_enabled).toBe(false);
});
