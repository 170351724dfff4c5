import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Lets a request through, or answers it (401, 403, or a redirect that sets the cookie) and says no. */
export type Authorize = (req: IncomingMessage, res: ServerResponse) => boolean;

const COOKIE = 'codecot_session';
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

/**
 * Who may open the dashboard and the playground. With a token: `Authorization: Bearer <token>`, or
 * `?token=<token>` once, which sets an HttpOnly cookie. Without one: only direct requests from this
 * machine, addressed to a loopback name (a request relayed by a proxy, or a DNS name rebound to
 * 127.0.0.1 by a web page, is refused).
 */
export function createAccessGuard(token: string | undefined): Authorize {
  if (!token) return (req, res) => (isLocal(req) ? true : refuse(res, 403, LOCAL_ONLY));
  const session = createHmac('sha256', token).update('codecot-dashboard-session-v1').digest('hex');
  return (req, res) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    if (bearer !== undefined) return same(bearer, token) ? true : refuse(res, 401, NEEDS_TOKEN);
    if (same(cookieOf(req, COOKIE) ?? '', session)) return true;
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    const offered = url.searchParams.get('token');
    if (offered === null || !same(offered, token)) return refuse(res, 401, NEEDS_TOKEN);
    url.searchParams.delete('token');
    res.writeHead(303, {
      location: `${url.pathname}${url.search}`,
      'set-cookie': `${COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`,
      'cache-control': 'no-store',
    });
    res.end();
    return false;
  };
}

export function isLocal(req: IncomingMessage): boolean {
  if (PROXY_HEADERS.some((name) => req.headers[name] !== undefined)) return false;
  return isLoopbackAddress(req.socket.remoteAddress) && isLoopbackHost(req.headers.host);
}

function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const bare = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : (host.split(':')[0] ?? '');
  return (
    name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name)
  );
}

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

const NEEDS_TOKEN =
  'This Codecot dashboard needs its token: open it once as /dashboard?token=<CODECOT_DASHBOARD_TOKEN>, or send Authorization: Bearer <token>.';
const LOCAL_ONLY =
  'This Codecot dashboard answers only requests made on its own machine, because CODECOT_DASHBOARD_TOKEN is not set. Set it to open the dashboard from elsewhere (or through a proxy).';

function refuse(res: ServerResponse, status: 401 | 403, message: string): false {
  const body = `<!doctype html><meta charset="utf-8"><title>Codecot</title><p>${message.replace(/</g, '&lt;')}</p>\n`;
  const headers: Record<string, string | number> = {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  };
  if (status === 401) headers['www-authenticate'] = 'Bearer realm="codecot"';
  res.writeHead(status, headers);
  res.end(body);
  return false;
}
