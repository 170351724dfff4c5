import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Sandbox } from '../../../src/ports/sandbox.ts';
import { checkedBwrap, localSandbox, sh, succeeded, tempDirs } from './helpers.ts';

/** Runs a program the naive way, inheriting the bot's whole environment; resolves with its stdout. */
function naiveSpawn(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
}

describe('network and secrets', () => {
  const dirs = tempDirs();
  let bwrap: Sandbox;
  let workspace: string;
  let server: net.Server;
  let port: number;
  let connections = 0;
  beforeAll(async () => {
    workspace = dirs.temp('net-ws');
    server = net.createServer((socket) => {
      connections += 1;
      socket.end('hello from the host\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
    // After the server: a failing self-check still leaves afterAll something to close.
    bwrap = await checkedBwrap();
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    dirs.removeAll();
  });

  test('cannot connect to a server the test runs on 127.0.0.1', async () => {
    // bash's /dev/tcp needs no client tool; `cat` reads the server's greeting.
    const probe = `bash -c 'exec 3<>/dev/tcp/127.0.0.1/${port} && cat <&3'`;
    const local = await sh(localSandbox, workspace, probe);
    expect(succeeded(local), local.stderr).toBe(true);
    expect(local.stdout).toBe('hello from the host\n');
    expect(connections).toBe(1);

    const sandboxed = await sh(bwrap, workspace, probe);
    expect(sandboxed.exitCode).not.toBe(0);
    expect(sandboxed.stderr).toMatch(/Connection refused/);
    expect(sandboxed.stdout).toBe('');
    expect(connections).toBe(1);
  });

  test('the only network interface inside is loopback', async () => {
    const local = await sh(localSandbox, workspace, 'tail -n +3 /proc/net/dev | cut -d: -f1');
    expect(
      local.stdout
        .split('\n')
        .map((name) => name.trim())
        .filter(Boolean).length,
    ).toBeGreaterThan(1);
    const sandboxed = await sh(bwrap, workspace, 'tail -n +3 /proc/net/dev | cut -d: -f1');
    expect(sandboxed.stdout.trim()).toBe('lo');
  });

  describe("the bot's secrets", () => {
    const canary = `xoxb-canary-${randomUUID()}`;
    const saved = process.env.SLACK_BOT_TOKEN;
    beforeAll(() => {
      process.env.SLACK_BOT_TOKEN = canary;
    });
    afterEach(() => {
      expect(process.env.SLACK_BOT_TOKEN).toBe(canary);
    });
    afterAll(() => {
      if (saved === undefined) delete process.env.SLACK_BOT_TOKEN;
      else process.env.SLACK_BOT_TOKEN = saved;
    });

    test('a naive spawn inherits them, and a naive bwrap leaks them through /proc/1/environ', async () => {
      expect(await naiveSpawn('sh', ['-c', 'env; tr "\\0" "\\n" < /proc/$$/environ'])).toContain(canary);
      // bwrap started with the bot's environment is pid 1 inside: the probe below detects that leak.
      const naiveBwrap = ['--unshare-all', '--ro-bind', '/', '/', '--proc', '/proc', '--clearenv', '--'];
      const leaked = await naiveSpawn('bwrap', [
        ...naiveBwrap,
        'sh',
        '-c',
        'env; tr "\\0" "\\n" < /proc/1/environ',
      ]);
      expect(leaked).toContain(canary);
    });

    test('neither env nor any /proc/*/environ inside the sandbox shows them', async () => {
      const probe =
        'env; for f in /proc/[0-9]*/environ; do tr "\\0" "\\n" < "$f"; done; wc -c < /proc/1/environ';
      const local = await sh(localSandbox, workspace, 'env');
      expect(local.stdout).not.toContain(canary);

      const sandboxed = await sh(bwrap, workspace, probe, { env: { PASSED_ON_PURPOSE: 'visible' } });
      expect(sandboxed.exitCode).toBe(0);
      // The reads worked: the variable passed on purpose shows up, pid 1 (bwrap) has an empty environment.
      expect(sandboxed.stdout).toContain('PASSED_ON_PURPOSE=visible');
      expect(sandboxed.stdout.trim().split('\n').at(-1)).toBe('0');
      expect(sandboxed.stdout).not.toContain(canary);
      expect(sandboxed.stdout).not.toContain('SLACK_BOT_TOKEN');
    });
  });
});
