import { readdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sandbox } from '../../../src/ports/sandbox.ts';
import { checkedBwrap, command, localSandbox, tempDirs } from './helpers.ts';

// curl honours the proxy variables the sandbox sets; `-p` forces a CONNECT tunnel like HTTPS does.
describe('network allowlist (bwrap, through the host proxy)', () => {
  const dirs = tempDirs();
  let bwrap: Sandbox;
  let workspace: string;
  let server: http.Server;
  let port: number;
  const seen: string[] = [];
  beforeAll(async () => {
    workspace = dirs.temp('allow-ws');
    server = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      res.end(`hello ${req.url}\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    // After the server: a failing self-check still leaves afterAll something to close.
    bwrap = await checkedBwrap();
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    dirs.removeAll();
  });

  const curl = (sandbox: Sandbox, args: string[], allowHosts?: string[]) =>
    sandbox.run(
      command(workspace, ['curl', '-sS', '--max-time', '5', ...args], allowHosts ? { allowHosts } : {}),
    );

  test('the server is reachable without a sandbox (the probe works)', async () => {
    const local = await curl(localSandbox, [`http://127.0.0.1:${port}/local`]);
    expect(local.stdout).toBe('hello /local\n');
  });

  test('a listed host is reachable, by plain request and by CONNECT tunnel', async () => {
    const allow = [`127.0.0.1:${port}`];
    const plain = await curl(bwrap, [`http://127.0.0.1:${port}/plain`], allow);
    expect(plain.stderr).toBe('');
    expect(plain).toMatchObject({ exitCode: 0, stdout: 'hello /plain\n' });
    const tunnelled = await curl(bwrap, ['-p', `http://127.0.0.1:${port}/tunnel`], allow);
    expect(tunnelled).toMatchObject({ exitCode: 0, stdout: 'hello /tunnel\n' });
    expect(seen).toEqual(['/local', '/plain', '/tunnel']);
  });

  test('an unlisted port or host gets 403 from the proxy and never reaches it', async () => {
    const allow = [`127.0.0.1:${port + 1}`, 'api.example.com'];
    const plain = await curl(
      bwrap,
      ['-o', '/dev/null', '-w', '%{http_code}', `http://127.0.0.1:${port}/no`],
      allow,
    );
    expect(plain.stdout).toBe('403');
    const tunnelled = await curl(bwrap, ['-p', `http://localhost:${port}/no`], allow);
    expect(tunnelled.exitCode).not.toBe(0);
    expect(tunnelled.stderr).toMatch(/CONNECT.*403|403/);
    expect(seen).not.toContain('/no');
  });

  test('going around the proxy is impossible: the namespace has only loopback', async () => {
    const direct = await curl(
      bwrap,
      ['--noproxy', '*', `http://127.0.0.1:${port}/direct`],
      [`127.0.0.1:${port}`],
    );
    expect(direct.exitCode).toBe(7);
    expect(seen).not.toContain('/direct');
  });

  test('the command exit code passes through the forwarder, and the proxy socket is cleaned up', async () => {
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('codecot-proxy-')).length;
    const result = await bwrap.run(
      command(workspace, ['sh', '-c', 'exit 7'], { allowHosts: ['api.example.com'] }),
    );
    expect(result.exitCode).toBe(7);
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('codecot-proxy-')).length).toBe(before);
  });
});
