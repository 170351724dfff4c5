import { type KeyObject, verify } from 'node:crypto';

/** GitHub refuses an App JWT whose lifetime (`exp - iat`) is over 10 minutes. */
const MAX_LIFETIME_SECONDS = 600;
/** Clock drift tolerated between the App's host and GitHub. */
const SKEW_SECONDS = 60;

/**
 * Checks an App JWT the way GitHub does: RS256, signed by the App's key, `iss` = App ID, a lifetime of at
 * most 10 minutes that covers now. Returns why it is refused, or undefined when it is good.
 */
export function jwtRefusal(
  jwt: string,
  publicKey: KeyObject,
  appId: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): string | undefined {
  const [header, payload, signature, ...rest] = jwt.split('.');
  if (!header || !payload || signature === undefined || rest.length > 0) return 'not a JWT';
  const head = decode(header);
  if (head?.alg !== 'RS256') return `alg ${String(head?.alg)} instead of RS256`;
  const signed = Buffer.from(`${header}.${payload}`);
  if (!verify('RSA-SHA256', signed, publicKey, Buffer.from(signature, 'base64url'))) return 'bad signature';
  const claims = decode(payload);
  if (!claims) return 'unreadable claims';
  const { iss, iat, exp } = claims;
  if (String(iss) !== appId) return `iss ${String(iss)} is not the App ID`;
  if (typeof iat !== 'number' || typeof exp !== 'number') return 'iat and exp must be numbers';
  if (exp - iat > MAX_LIFETIME_SECONDS) return 'exp is more than 10 minutes after iat';
  if (iat > nowSeconds + SKEW_SECONDS) return 'iat is in the future';
  if (exp <= nowSeconds) return 'expired';
  return undefined;
}

function decode(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
