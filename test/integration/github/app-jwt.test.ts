import { createSign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstallationTokens } from '../../../adapters/github/app-auth.ts';
import { GitHubApiError } from '../../../adapters/github/index.ts';
import { APP_ID, type AppSetup, appKeyPair, startAppGitHub } from './app-harness.ts';
import { REPO } from './harness.ts';

let gh: AppSetup;
beforeAll(async () => {
  gh = await startAppGitHub();
}, 60_000);
afterAll(() => gh?.close());

/** A JWT signed with `key` carrying exactly the claims given. */
function signJwt(key: string, claims: Record<string, unknown>, alg = 'RS256'): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg, typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(key, 'base64url')}`;
}

const now = () => Math.floor(Date.now() / 1000);
const getApp = async (authorization: string) =>
  (await fetch(`${gh.fake.url}/app`, { headers: { authorization } })).status;

/** The error the adapter throws when the fake refuses its JWT, and why the fake refused it. */
async function refusedWith(options: { appId: string; privateKey: string }) {
  const issued = gh.app.issued.length;
  const refusals = gh.app.jwtRefusals.length;
  const tokens = createInstallationTokens({ ...options, apiUrl: gh.fake.url });
  const error = await tokens(REPO).catch((caught: unknown) => caught);
  expect(gh.app.issued.length).toBe(issued);
  return { error, reasons: gh.app.jwtRefusals.slice(refusals) };
}

describe("the fake GitHub checks the App's JWT", () => {
  it('accepts a JWT signed with the App key, issued now, living at most 10 minutes', async () => {
    expect(
      await getApp(`Bearer ${signJwt(gh.privateKey, { iss: APP_ID, iat: now() - 30, exp: now() + 570 })}`),
    ).toBe(200);
  });

  it('refuses a JWT signed with another key, and the adapter reports a 401 without the key', async () => {
    const forger = appKeyPair().privateKey;
    const { error, reasons } = await refusedWith({ appId: String(APP_ID), privateKey: forger });
    expect(reasons).toEqual(['bad signature']);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(401);
    expect((error as GitHubApiError).retryable).toBe(false);
    const text = `${String(error)} ${(error as Error).stack} ${JSON.stringify(error)}`;
    for (const line of forger.split('\n').filter((l) => l.length > 20)) expect(text).not.toContain(line);
  });

  it('refuses a JWT for another App ID', async () => {
    const { error, reasons } = await refusedWith({ appId: '999', privateKey: gh.privateKey });
    expect(reasons).toEqual(['iss 999 is not the App ID']);
    expect((error as GitHubApiError).status).toBe(401);
  });

  it.each([
    [
      'living over 10 minutes',
      { iss: APP_ID, iat: now() - 30, exp: now() + 900 },
      'RS256',
      'exp is more than 10 minutes after iat',
    ],
    ['expired', { iss: APP_ID, iat: now() - 700, exp: now() - 100 }, 'RS256', 'expired'],
    [
      'issued in the future',
      { iss: APP_ID, iat: now() + 300, exp: now() + 600 },
      'RS256',
      'iat is in the future',
    ],
    ['not RS256', { iss: APP_ID, iat: now() - 30, exp: now() + 570 }, 'HS256', 'alg HS256 instead of RS256'],
  ])('refuses a JWT %s', async (_name, claims, alg, reason) => {
    const before = gh.app.jwtRefusals.length;
    expect(await getApp(`Bearer ${signJwt(gh.privateKey, claims, alg)}`)).toBe(401);
    expect(gh.app.jwtRefusals.slice(before)).toEqual([reason]);
  });

  it('refuses a tampered payload and an installation token where a JWT is needed', async () => {
    const good = signJwt(gh.privateKey, { iss: APP_ID, iat: now() - 30, exp: now() + 570 });
    const [head, , signature] = good.split('.');
    const claims = Buffer.from(JSON.stringify({ iss: 1, iat: now() - 30, exp: now() + 570 })).toString(
      'base64url',
    );
    expect(await getApp(`Bearer ${head}.${claims}.${signature}`)).toBe(401);
    const token = await createInstallationTokens({
      appId: String(APP_ID),
      privateKey: gh.privateKey,
      apiUrl: gh.fake.url,
    })(REPO);
    expect(await getApp(`token ${token}`)).toBe(401);
    expect(gh.app.jwtRefusals.slice(-2)).toEqual(['bad signature', 'token credential instead of a JWT']);
  });
});
