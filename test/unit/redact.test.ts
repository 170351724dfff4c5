import { Writable } from 'node:stream';
import { afterEach, describe, expect, test } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { redact, redactDeep, registerSecrets } from '../../src/redact.ts';

afterEach(() => registerSecrets([]));

describe('redact', () => {
  const cases: [string, string][] = [
    ['slack bot token', 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUv'],
    ['slack user token', 'xoxp-1234567890-0987654321-AbCdEfGhIjKl'],
    ['slack app token', 'xapp-1-A0123456789-1234567890-abcdef0123456789'],
    ['github classic token', 'ghp_1234567890abcdefghijABCDEFGHIJ123456'],
    ['github app installation token', 'ghs_1234567890abcdefghijABCDEFGHIJ123456'],
    ['github fine-grained token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'],
    ['openai key', 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789'],
    ['openai legacy key', 'sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD'],
    ['discord bot token', 'MTA5ODc2NTQzMjEwOTg3NjU0Mw.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB'],
    ['aws key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['jwt', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
  ];
  test.each(cases)('masks a %s', (_name, token) => {
    const out = redact(`here it is: ${token} (do not share)`);
    expect(out).not.toContain(token);
    expect(out).toContain('[REDACTED]');
    expect(out).toContain('here it is:');
  });

  test('masks authorization headers but keeps the scheme', () => {
    expect(redact('Authorization: Bearer abc.def.ghi')).toBe('Authorization: Bearer [REDACTED]');
    expect(redact('{"authorization":"token abc123"}')).toBe('{"authorization":"token [REDACTED]"}');
    expect(redact('authorization=Bot secretbotvalue')).toBe('authorization=Bot [REDACTED]');
    expect(redact('x-api-key: 123456')).toBe('x-api-key: [REDACTED]');
  });

  test('masks credentials inside URLs', () => {
    expect(redact('cloning https://x-access-token:ghs_abc@github.com/o/r.git')).toBe(
      'cloning https://x-access-token:[REDACTED]@github.com/o/r.git',
    );
    expect(redact('postgres://codecot:hunter22@db:5432/codecot')).toBe(
      'postgres://codecot:[REDACTED]@db:5432/codecot',
    );
  });

  test('masks an AWS secret access key by the name it is given', () => {
    const key = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    expect(redact(`aws_secret_access_key = ${key}`)).toBe('aws_secret_access_key = [REDACTED]');
    expect(redact(`AWS_SECRET_ACCESS_KEY="${key}"`)).toBe('AWS_SECRET_ACCESS_KEY="[REDACTED]"');
  });

  test('masks the base64 forms configured secrets travel in', () => {
    registerSecrets(['my-signing-secret-42']);
    const basic = Buffer.from('x-access-token:my-signing-secret-42').toString('base64');
    const plain = Buffer.from('my-signing-secret-42').toString('base64url');
    expect(redact(`${basic} and ${plain}`)).toBe('[REDACTED] and [REDACTED]');
  });

  test('masks configured secrets that match no known shape', () => {
    registerSecrets(['my-signing-secret-42', 'short']);
    expect(redact('sig my-signing-secret-42 ok')).toBe('sig [REDACTED] ok');
    expect(redact('short stays')).toBe('short stays');
  });

  test('leaves ordinary text alone', () => {
    const text = 'Refactor the parser; see PR #12 and https://example.com/docs?x=1. Tokens: 1,234.';
    expect(redact(text)).toBe(text);
  });

  test('redacts nested structures and errors', () => {
    const error = new Error('push failed for https://u:ghp_1234567890abcdefghijABCDEFGHIJ123456@host/r');
    const out = JSON.stringify(redactDeep({ a: [{ b: 'xoxb-1234567890-abcdefghij' }], err: error }));
    expect(out).not.toContain('xoxb-1234567890');
    expect(out).not.toContain('ghp_1234567890');
    expect(out).toContain('push failed');
  });

  test('the logger redacts messages, fields and errors', () => {
    let written = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        written += chunk.toString();
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info(
      {
        header: 'Authorization: Bearer sekrit-value',
        nested: { t: 'ghp_1234567890abcdefghijABCDEFGHIJ123456' },
      },
      'token xoxb-1234567890-abcdefghij seen',
    );
    logger.error({ err: new Error('bad key sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD') }, 'failed');
    expect(written).not.toMatch(/sekrit-value|ghp_1234567890|xoxb-1234567890|sk-abcdefghij/);
    expect(written.match(/\[REDACTED\]/g)?.length).toBeGreaterThanOrEqual(4);
  });
});
