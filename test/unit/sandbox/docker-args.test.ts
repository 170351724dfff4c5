import { describe, expect, test } from 'vitest';
import { buildDockerRunArgs, type DockerRunPlan, envFileText } from '../../../adapters/docker/args.ts';

const plan: DockerRunPlan = {
  image: 'ghcr.io/acme/agent:1',
  name: 'codecot-123',
  argv: ['sh', '-c', 'npm test'],
  workspace: '/var/lib/codecot/ws/abc',
  envFile: '/tmp/codecot-docker-x/env',
  user: { uid: 1000, gid: 1001 },
  pidsLimit: 256,
};

describe('docker run arguments', () => {
  test('isolate the container: no network, no capabilities, read-only root, private /tmp', () => {
    const args = buildDockerRunArgs(plan).join(' ');
    for (const part of [
      'run --rm --name codecot-123 --init',
      '--network none',
      '--cap-drop ALL',
      '--security-opt no-new-privileges',
      '--read-only',
      '--tmpfs /tmp',
      '--pids-limit 256',
      '--user 1000:1001',
    ]) {
      expect(args).toContain(part);
    }
    expect(args).not.toContain('--memory');
    expect(buildDockerRunArgs({ ...plan, memory: '2g' }).join(' ')).toContain('--memory 2g');
  });

  test('mount only the workspace, at the same path, as the working directory', () => {
    const args = buildDockerRunArgs(plan);
    expect(args.filter((arg) => arg === '-v' || arg.startsWith('--mount') || arg === '--volume')).toEqual([
      '-v',
    ]);
    expect(args.join(' ')).toContain(
      '-v /var/lib/codecot/ws/abc:/var/lib/codecot/ws/abc -w /var/lib/codecot/ws/abc',
    );
  });

  test('the environment goes through the env file, the image and command come last', () => {
    const args = buildDockerRunArgs(plan);
    expect(args.join(' ')).toContain('--env-file /tmp/codecot-docker-x/env');
    expect(args).not.toContain('-e');
    expect(args.slice(-5)).toEqual(['--', 'ghcr.io/acme/agent:1', 'sh', '-c', 'npm test']);
  });

  test('a workspace path docker cannot mount is refused', () => {
    expect(() => buildDockerRunArgs({ ...plan, workspace: '/ws/a:b' })).toThrow(/not mountable/);
  });

  test('the env file holds the values; a value with a newline is refused, naming only the key', () => {
    expect(envFileText({ A: '1', TOKEN: 'sk-x y=z' })).toBe('A=1\nTOKEN=sk-x y=z\n');
    expect(() => envFileText({ SECRET: 'line1\nline2' })).toThrow(
      'environment variable SECRET contains a newline',
    );
    expect(() => envFileText({ SECRET: 'line1\nline2' })).not.toThrow(/line1/);
  });
});
