import type { IncomingHttpHeaders } from 'node:http';

/** How a request presented its credential; tests assert on it (e.g. "git used Basic, never a URL"). */
export type AuthStyle = 'basic' | 'bearer' | 'token' | 'none' | 'unsupported';

export interface AuthCheck {
  style: AuthStyle;
  authorized: boolean;
  /** Basic auth username (GitHub ignores it for tokens; x-access-token is conventional). */
  username?: string;
}

/**
 * Accepts the forms GitHub accepts for a token: `token T`, `Bearer T`, and HTTP Basic with the token as
 * password and any username.
 */
export function checkAuthorization(
  headers: IncomingHttpHeaders,
  validTokens: ReadonlySet<string>,
): AuthCheck {
  const header = headers.authorization;
  if (!header) return { style: 'none', authorized: false };
  const [scheme = '', ...rest] = header.trim().split(/\s+/);
  const credential = rest.join(' ');
  switch (scheme.toLowerCase()) {
    case 'token':
      return { style: 'token', authorized: validTokens.has(credential) };
    case 'bearer':
      return { style: 'bearer', authorized: validTokens.has(credential) };
    case 'basic': {
      const decoded = Buffer.from(credential, 'base64').toString('utf8');
      const separator = decoded.indexOf(':');
      const username = separator === -1 ? decoded : decoded.slice(0, separator);
      const password = separator === -1 ? '' : decoded.slice(separator + 1);
      return { style: 'basic', authorized: validTokens.has(password), username };
    }
    default:
      return { style: 'unsupported', authorized: false };
  }
}
