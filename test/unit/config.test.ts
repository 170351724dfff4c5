import { describe, expect, test } from 'vitest';
import { loadConfig, secretsOf } from '../../src/config.ts';
import { CodecotError } from '../../src/errors.ts';

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(CodecotError);
    expect((error as CodecotError).code).toBe('config_invalid');
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
}

describe('config', () => {
  test('an empty environment gives the embedded defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ url: undefined, dataDir: './.codecot', ackWaitsForDisk: false });
    expect(config.slack).toBeUndefined();
    expect(config.discord).toBeUndefined();
    expect(config.github).toBeUndefined();
    expect(config.model).toMatchObject({ configured: false, name: 'gpt-5-mini', api: 'responses' });
    expect(config.approvers).toEqual([]);
  });

  test('empty strings count as unset', () => {
    expect(loadConfig({ PORT: '', SLACK_BOT_TOKEN: ' ', DATABASE_URL: '' }).slack).toBeUndefined();
  });

  test('a full environment is parsed and typed', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/codecot',
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_SIGNING_SECRET: 'shh-secret',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      DISCORD_TOKEN: 'discord-token',
      OPENAI_BASE_URL: 'http://localhost:11434/v1',
      CODECOT_MODEL: 'llama3.1',
      CODECOT_MODEL_API: 'chat',
      GITHUB_TOKEN: 'ghp_x',
      GITHUB_WEBHOOK_SECRET: 'hook-secret',
      CODECOT_DEFAULT_REPO: 'acme/widgets',
      CODECOT_APPROVERS: 'slack:U1, discord:42',
    });
    expect(config.port).toBe(8080);
    expect(config.slack).toEqual({
      botToken: 'xoxb-1-2-abc',
      signingSecret: 'shh-secret',
      appToken: undefined,
      apiUrl: 'http://127.0.0.1:9/api/',
    });
    expect(config.model).toMatchObject({
      configured: true,
      name: 'llama3.1',
      api: 'chat',
      apiKey: undefined,
    });
    expect(config.approvers).toEqual(['slack:U1', 'discord:42']);
    expect(config.defaultRepo).toBe('acme/widgets');
    expect(secretsOf(config)).toEqual(
      expect.arrayContaining(['xoxb-1-2-abc', 'shh-secret', 'discord-token', 'ghp_x', 'hook-secret', 'p']),
    );
  });

  test('the error names every bad variable at once', () => {
    const message = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://nope',
      SLACK_BOT_TOKEN: 'not-a-bot-token',
      OPENAI_BASE_URL: 'not a url',
      CODECOT_DEFAULT_REPO: 'just-a-name',
      CODECOT_APPROVERS: 'U1',
      CODECOT_MODEL_API: 'completions',
    });
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'SLACK_BOT_TOKEN',
      'OPENAI_BASE_URL',
      'CODECOT_DEFAULT_REPO',
      'CODECOT_APPROVERS',
      'CODECOT_MODEL_API',
    ]) {
      expect(message).toContain(name);
    }
    expect(message).toMatch(/7 problems/);
  });

  test('variables that only make sense together are checked together', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })).toContain('SLACK_SIGNING_SECRET');
    expect(problemsOf({ SLACK_SIGNING_SECRET: 'abc' })).toContain('SLACK_BOT_TOKEN');
    expect(problemsOf({ GITHUB_WEBHOOK_SECRET: 'abc' })).toContain('GITHUB_TOKEN');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack?.appToken).toBe(
      'xapp-1',
    );
  });

  test('the config is frozen', () => {
    const config = loadConfig({ CODECOT_APPROVERS: 'slack:U1' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.database)).toBe(true);
    expect(() => (config.approvers as string[]).push('slack:U2')).toThrow();
  });
});
