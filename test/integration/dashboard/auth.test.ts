import { type IncomingMessage, request, type ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, test } from 'vitest';
import { createAccessGuard } from '../../../src/dashboard/index.ts';
import { type DashboardWorld, startDashboard } from './world.ts';

const TOKEN = 'dashboard-token-0123456789abcdef';
let world: DashboardWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** A GET with headers fetch() will not send as given (Host): what a proxy or a rebound page sends. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** An address of this machine that is not loopback, to make a real non-loopback request to. */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('without a token the dashboard answers this machine only', () => {
  test('a direct loopback request is answered; relayed or rebound ones are refused', async () => {
    world = await startDashboard();
    expect((await world.get('/dashboard')).status).toBe(200);
    expect((await world.get('/dashboard', { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(
      403,
    );
    expect((await world.get('/dashboard', { headers: { forwarded: 'for=203.0.113.9' } })).status).toBe(403);
    const rebound = await rawGet(`${world.url}/dashboard`, { host: 'evil.example:3000' });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('CODECOT_DASHBOARD_TOKEN');
    expect((await rawGet(`${world.url}/dashboard`, { host: 'localhost:3000' })).status).toBe(200);
  });

  test('a request from another address is refused (the guard on a request from 203.0.113.9)', () => {
    const guard = createAccessGuard(undefined);
    const answer = { status: 0 };
    const res = {
      writeHead: (status: number) => {
        answer.status = status;
        return res;
      },
      end: () => undefined,
    } as unknown as ServerResponse;
    const request = (remoteAddress: string) =>
      ({ headers: { host: '127.0.0.1:3000' }, socket: { remoteAddress } }) as unknown as IncomingMessage;
    expect(guard(request('203.0.113.9'), res)).toBe(false);
    expect(answer.status).toBe(403);
    expect(guard(request('::ffff:127.0.0.1'), res)).toBe(true);
    expect(guard(request('::1'), res)).toBe(true);
  });

  test.skipIf(!outsideAddress)('a real connection over a non-loopback interface is refused', async () => {
    world = await startDashboard({ host: outsideAddress as string });
    expect((await rawGet(`${world.url}/dashboard`, { host: '127.0.0.1' })).status).toBe(403);
  });
});

describe('with a token the dashboard needs it, from anywhere', () => {
  test('no token, a wrong one, or a wrong cookie: 401', async () => {
    world = await startDashboard({ token: TOKEN });
    const bare = await world.get('/dashboard');
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toContain('Bearer');
    expect((await world.get('/dashboard', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await world.get('/dashboard?token=nope')).status).toBe(401);
    expect((await world.get('/dashboard', { headers: { cookie: `codecot_session=${TOKEN}` } })).status).toBe(
      401,
    );
  });

  test('a bearer token works; ?token= sets an HttpOnly cookie and drops the token from the address', async () => {
    world = await startDashboard({ token: TOKEN });
    expect((await world.get('/dashboard', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(
      200,
    );
    const login = await world.get(`/dashboard/digests?token=${TOKEN}&x=1`);
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/dashboard/digests?x=1');
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(TOKEN);
    const session = cookie.split(';')[0] ?? '';
    expect((await world.get('/dashboard/digests?x=1', { headers: { cookie: session } })).status).toBe(200);
    const relayed = { cookie: session, 'x-forwarded-for': '203.0.113.9', host: 'codecot.example' };
    expect((await rawGet(`${world.url}/dashboard`, relayed)).status).toBe(200);
  });
});
