import { describe, expect, test } from 'vitest';
import { isAllowed, parseAllowHosts, targetOf } from '../../../adapters/bwrap/allow-hosts.ts';

describe('network allowlist rules', () => {
  test('a bare host allows 443 and 80; host:port only that port', () => {
    expect([...parseAllowHosts(['API.OpenAI.com', 'git.example.org:8443'])].sort()).toEqual([
      'api.openai.com:443',
      'api.openai.com:80',
      'git.example.org:8443',
    ]);
    expect([...parseAllowHosts(['[::1]:8080', '127.0.0.1:9'])]).toEqual(['[::1]:8080', '127.0.0.1:9']);
  });

  test.each([
    '*.openai.com',
    'https://api.openai.com',
    'api.openai.com/v1',
    'a b',
    '',
    'host:0',
    'host:70000',
  ])('refuses the entry %j instead of guessing', (entry) => {
    expect(() => parseAllowHosts([entry])).toThrow(/invalid allowHosts entry/);
  });

  test('CONNECT targets and absolute http URLs name their endpoint', () => {
    expect(targetOf('CONNECT', 'api.openai.com:443')).toEqual({ host: 'api.openai.com', port: 443 });
    expect(targetOf('CONNECT', 'api.openai.com')).toBeUndefined();
    expect(targetOf('GET', 'http://Example.com/path?q=1')).toEqual({ host: 'example.com', port: 80 });
    expect(targetOf('GET', 'http://127.0.0.1:8080/')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(targetOf('GET', 'https://example.com/')).toBeUndefined();
    expect(targetOf('GET', 'http://user:pw@example.com/')).toBeUndefined();
    expect(targetOf('GET', '/relative')).toBeUndefined();
  });

  test('only exact host and port matches pass', () => {
    const rules = parseAllowHosts(['api.openai.com', 'localhost:3000']);
    expect(isAllowed(rules, { host: 'api.openai.com', port: 443 })).toBe(true);
    expect(isAllowed(rules, { host: 'api.openai.com', port: 22 })).toBe(false);
    expect(isAllowed(rules, { host: 'evil.api.openai.com', port: 443 })).toBe(false);
    expect(isAllowed(rules, { host: 'api.openai.com.evil.net', port: 443 })).toBe(false);
    expect(isAllowed(rules, { host: 'localhost', port: 3000 })).toBe(true);
    expect(isAllowed(rules, { host: '127.0.0.1', port: 3000 })).toBe(false);
  });
});
