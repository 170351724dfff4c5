import { describe, expect, it } from 'vitest';
import { GitFailure } from '../../../adapters/git-workspace/git-command.ts';
import { gitError, secretsOf } from '../../../adapters/git-workspace/git-errors.ts';
import { CodecotError } from '../../../src/errors.ts';

const TOKEN = 'plain-token-without-known-shape-42';
const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
const auth = { configArgs: ['-c', `http.extraHeader=Authorization: Basic ${basic}`] };
const failure = (stderr: string, exitCode: number | null = 128, timedOut = false) =>
  new GitFailure(['fetch', '--quiet'], stderr, exitCode, timedOut);

describe('secretsOf', () => {
  it('finds the header value, the base64 credential and the token inside it', () => {
    expect(secretsOf(auth)).toEqual(
      expect.arrayContaining([`Authorization: Basic ${basic}`, basic, `x-access-token:${TOKEN}`, TOKEN]),
    );
    expect(
      secretsOf({ configArgs: ['-c', 'http.extraHeader=Authorization: Bearer abcdef123456'] }),
    ).toContain('abcdef123456');
  });
});

describe('gitError', () => {
  it('masks the token wherever git printed it, even when it has no recognisable shape', () => {
    const error = gitError(
      failure(`fatal: unable to access 'https://x:${TOKEN}@host/' header ${basic} Could not resolve host`),
      'fetching acme/widgets',
      auth,
    );
    expect(error).toBeInstanceOf(CodecotError);
    expect(error.code).toBe('code_host_error');
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain(basic);
    expect(error.message).toContain('[REDACTED]');
    expect(error.message).toMatch(/^fetching acme\/widgets failed: /);
  });

  it('marks transport trouble retryable', () => {
    const transient = [
      "fatal: unable to access 'https://h/r.git/': Could not resolve host: h",
      "fatal: unable to access 'https://h/r.git/': Failed to connect to h port 443: Connection refused",
      'error: RPC failed; curl 56 GnuTLS recv error (-54)\nfatal: early EOF',
      "fatal: unable to access 'https://h/r.git/': The requested URL returned error: 502",
      'fatal: the remote end hung up unexpectedly',
    ];
    for (const stderr of transient)
      expect(gitError(failure(stderr), 'fetching').retryable, stderr).toBe(true);
    expect(gitError(failure('', null, true), 'fetching')).toMatchObject({
      retryable: true,
      message: 'fetching timed out',
    });
  });

  it('marks refusals permanent and says why in a word', () => {
    const permanent: Array<[string, string]> = [
      ["fatal: could not read Username for 'https://h': terminal prompts disabled", 'authentication failed'],
      [
        "fatal: unable to access 'https://h/r.git/': The requested URL returned error: 403",
        'authentication failed',
      ],
      [
        "remote: Repository not found.\nfatal: repository 'https://h/r.git/' not found",
        'repository not found',
      ],
      [
        ' ! [rejected]        b -> b (fetch first)\nerror: failed to push some refs',
        'the remote branch moved on',
      ],
    ];
    for (const [stderr, reason] of permanent) {
      const error = gitError(failure(stderr), 'pushing b');
      expect(error.retryable, stderr).toBe(false);
      expect(error.message).toContain(`pushing b failed: ${reason}: `);
    }
  });

  it('keeps only the last lines of a long stderr', () => {
    const noisy = `${Array.from({ length: 50 }, (_, i) => `progress ${i}`).join('\n')}\nfatal: disk full`;
    const message = gitError(failure(noisy), 'fetching').message;
    expect(message).toContain('fatal: disk full');
    expect(message).not.toContain('progress 10');
  });
});
