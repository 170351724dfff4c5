import { CodecotError } from '../../src/errors.ts';
import type { GitAuth } from '../../src/ports/code-host.ts';
import { redact } from '../../src/redact.ts';
import { GitFailure } from './git-command.ts';

/** Transport trouble a later attempt can get past: DNS, refused or reset connections, 5xx, timeouts. */
const TRANSIENT = [
  /could not resolve host/i,
  /failed to connect/i,
  /couldn't connect/i,
  /connection (reset|refused|timed out)/i,
  /operation timed out/i,
  /returned error: (5\d\d|429)/i,
  /rpc failed/i,
  /early eof/i,
  /remote end hung up/i,
  /unexpected disconnect/i,
  /gnutls|ssl_read|tls/i,
  /no space left on device/i,
];

/** Refusals that will not change by retrying with the same input. */
const PERMANENT: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /could not read (username|password)|authentication failed|returned error: 40[13]/i,
    'authentication failed',
  ],
  [/repository .* not found|returned error: 404/i, 'repository not found'],
  [/\[rejected\]|non-fast-forward|fetch first|stale info/i, 'the remote branch moved on'],
];

/** Every secret the auth arguments carry: the raw header values and any token inside a Basic/Bearer value. */
export function secretsOf(auth: GitAuth | undefined): string[] {
  const secrets: string[] = [];
  for (const arg of auth?.configArgs ?? []) {
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : arg;
    if (value !== '-c') secrets.push(value);
    for (const [, scheme = '', credential = ''] of value.matchAll(/\b(basic|bearer|token)\s+(\S+)/gi)) {
      secrets.push(credential);
      if (scheme.toLowerCase() !== 'basic') continue;
      const decoded = Buffer.from(credential, 'base64').toString('utf8');
      secrets.push(decoded, decoded.slice(decoded.indexOf(':') + 1));
    }
  }
  return secrets.filter((secret) => secret.length >= 6);
}

/** Registered secrets and the ones of this call both masked. */
export function scrub(text: string, secrets: readonly string[]): string {
  return redact(redact(text), secrets);
}

/**
 * A `code_host_error` saying what Codecot was doing and what git said, redacted, with `retryable` set
 * from what the failure looks like.
 */
export function gitError(error: unknown, doing: string, auth?: GitAuth): CodecotError {
  const secrets = secretsOf(auth);
  if (!(error instanceof GitFailure)) {
    const text = error instanceof Error ? error.message : String(error);
    return new CodecotError('code_host_error', scrub(`${doing} failed: ${text}`, secrets), {
      retryable: true,
    });
  }
  const said = lastLines(error.stderr);
  if (error.timedOut) {
    return new CodecotError('code_host_error', scrub(`${doing} timed out`, secrets), { retryable: true });
  }
  const permanent = PERMANENT.find(([pattern]) => pattern.test(error.stderr));
  const reason = permanent ? `${permanent[1]}: ` : '';
  const message = scrub(`${doing} failed: ${reason}${said || `git exited ${error.exitCode}`}`, secrets);
  const retryable = !permanent && TRANSIENT.some((pattern) => pattern.test(error.stderr));
  return new CodecotError('code_host_error', message, { retryable });
}

/** git's last few stderr lines: the fatal one is last, progress noise comes before it. */
function lastLines(stderr: string): string {
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .slice(-3)
    .join(' | ')
    .slice(0, 600);
}
