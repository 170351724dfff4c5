import { afterEach, describe, expect, test } from 'vitest';
import { addSecrets, redact, registerSecrets } from '../../src/redact.ts';

afterEach(() => registerSecrets([]));

describe('secrets learned at run time', () => {
  test('are masked next to the configured ones, which registering again replaces', () => {
    registerSecrets(['configured-secret']);
    addSecrets(['v1.learned-token-one']);
    expect(redact('configured-secret v1.learned-token-one')).toBe('[REDACTED] [REDACTED]');
    registerSecrets(['configured-secret']);
    expect(redact('v1.learned-token-one')).toBe('v1.learned-token-one');
  });

  test('only the newest 300 learned are kept; the configured ones always are', () => {
    registerSecrets(['configured-secret']);
    addSecrets(Array.from({ length: 301 }, (_, i) => `learned-${String(i).padStart(3, '0')}`));
    expect(redact('learned-000')).toBe('learned-000');
    expect(redact('learned-001 learned-300 configured-secret')).toBe('[REDACTED] [REDACTED] [REDACTED]');
  });
});
