import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig, secretsOf } from '../../src/config.ts';
import { CodecotError } from '../../src/errors.ts';

const pem = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
}).privateKey;
const escaped = pem.trim().replaceAll('\n', '\\n');
let dir: string;
let keyFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'app-config-'));
  keyFile = join(dir, 'app.pem');
  await writeFile(keyFile, pem);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(CodecotError);
    expect((error as CodecotError).code).toBe('config_invalid');
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
}

describe('GitHub App configuration', () => {
  test('an App with a one-line escaped key: the key gets its line breaks back, no token', () => {
    const config = loadConfig({
      GITHUB_APP_ID: '4242',
      GITHUB_APP_PRIVATE_KEY: escaped,
      GITHUB_WEBHOOK_SECRET: 'hook-secret',
    });
    expect(config.github).toEqual({
      token: undefined,
      app: { appId: '4242', privateKey: pem, installationId: undefined },
      apiUrl: undefined,
      webhookSecret: 'hook-secret',
    });
  });

  test('the key from a file, and a fixed installation', () => {
    const config = loadConfig({
      GITHUB_APP_ID: '4242',
      GITHUB_APP_PRIVATE_KEY_FILE: keyFile,
      GITHUB_APP_INSTALLATION_ID: '77',
      GITHUB_API_URL: 'https://ghe.example.com/api/v3',
    });
    expect(config.github?.app).toEqual({ appId: '4242', privateKey: pem, installationId: 77 });
    expect(config.github?.apiUrl).toBe('https://ghe.example.com/api/v3');
  });

  test('the key is a secret: whole, on one line, and line by line', () => {
    const secrets = secretsOf(loadConfig({ GITHUB_APP_ID: '4242', GITHUB_APP_PRIVATE_KEY: escaped }));
    const body = pem.split('\n').filter((line) => line && !line.startsWith('-----'));
    expect(secrets).toEqual(expect.arrayContaining([pem, body.join(''), ...body]));
  });

  test.each([
    [
      'an App ID without a key',
      { GITHUB_APP_ID: '4242' },
      'GITHUB_APP_PRIVATE_KEY: required with GITHUB_APP_ID',
    ],
    [
      'a key without an App ID',
      { GITHUB_APP_PRIVATE_KEY: escaped },
      'GITHUB_APP_ID: required when other GITHUB_APP_* variables are set',
    ],
    ['an installation without an App ID', { GITHUB_APP_INSTALLATION_ID: '7' }, 'GITHUB_APP_ID: required'],
    [
      'both a token and an App',
      { GITHUB_TOKEN: 'ghp_x', GITHUB_APP_ID: '4242', GITHUB_APP_PRIVATE_KEY: escaped },
      'set either GITHUB_TOKEN or GITHUB_APP_ID, not both',
    ],
    [
      'a key and a key file',
      { GITHUB_APP_ID: '4242', GITHUB_APP_PRIVATE_KEY: escaped, GITHUB_APP_PRIVATE_KEY_FILE: '/k.pem' },
      'not both',
    ],
    [
      'a key file that cannot be read',
      { GITHUB_APP_ID: '4242', GITHUB_APP_PRIVATE_KEY_FILE: '/nonexistent/app.pem' },
      'GITHUB_APP_PRIVATE_KEY_FILE: cannot read /nonexistent/app.pem (ENOENT)',
    ],
    [
      'a non-numeric App ID',
      { GITHUB_APP_ID: 'codecot', GITHUB_APP_PRIVATE_KEY: escaped },
      'GITHUB_APP_ID: expected the numeric App ID',
    ],
    [
      'a bad installation id',
      { GITHUB_APP_ID: '4242', GITHUB_APP_PRIVATE_KEY: escaped, GITHUB_APP_INSTALLATION_ID: 'x' },
      'GITHUB_APP_INSTALLATION_ID',
    ],
  ])('%s is one clear config error', (_name, env, expected) => {
    const message = problemsOf(env);
    expect(message).toContain('(1 problem)');
    expect(message).toContain(expected);
  });

  test('a key that is not a PEM private key is refused without echoing it', () => {
    const garbage =
      '-----BEGIN RSA PRIVATE KEY-----\\nnot-really-a-key-0123456789abcdef\\n-----END RSA PRIVATE KEY-----';
    const message = problemsOf({ GITHUB_APP_ID: '4242', GITHUB_APP_PRIVATE_KEY: garbage });
    expect(message).toContain('GITHUB_APP_PRIVATE_KEY: not a PEM private key');
    expect(message).not.toContain('not-really-a-key');
  });

  test('a key that is not RSA is refused (GitHub signs App JWTs with RS256)', () => {
    const ec = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    }).privateKey;
    expect(problemsOf({ GITHUB_APP_ID: '4242', GITHUB_APP_PRIVATE_KEY: ec })).toContain(
      "expected the App's RSA private key, got a ec key",
    );
  });
});
