import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createBwrapSandbox } from '../../../adapters/bwrap/index.ts';
import { createDockerSandbox } from '../../../adapters/docker/index.ts';
import { createLocalSandbox } from '../../../adapters/local/index.ts';
import { command, tempDirs } from './helpers.ts';

describe('self-checks refuse rather than fall back', () => {
  const dirs = tempDirs();
  afterAll(() => dirs.removeAll());

  test('bwrap passes here', async () => {
    const sandbox = createBwrapSandbox();
    expect(sandbox).toMatchObject({ name: 'bwrap', isolated: true });
    await expect(sandbox.selfCheck()).resolves.toBeUndefined();
  });

  test('local passes and says it does not isolate', async () => {
    const sandbox = createLocalSandbox();
    expect(sandbox).toMatchObject({ name: 'local', isolated: false });
    await expect(sandbox.selfCheck()).resolves.toBeUndefined();
  });

  test('a missing bwrap binary fails with a clear sandbox_error', async () => {
    const failure = createBwrapSandbox({ bwrapBin: '/nonexistent/bwrap' }).selfCheck();
    await expect(failure).rejects.toMatchObject({
      code: 'sandbox_error',
      message: expect.stringMatching(/cannot start bubblewrap \(\/nonexistent\/bwrap\).*ENOENT/),
    });
  });

  test('a bwrap that does not know --disable-userns fails loudly instead of dropping the flag', async () => {
    const oldBwrap = join(dirs.temp('old-bwrap'), 'bwrap');
    writeFileSync(oldBwrap, '#!/bin/sh\necho "bwrap: Unknown option --disable-userns" >&2\nexit 1\n');
    chmodSync(oldBwrap, 0o755);
    const failure = createBwrapSandbox({ bwrapBin: oldBwrap }).selfCheck();
    await expect(failure).rejects.toMatchObject({
      code: 'sandbox_error',
      message: expect.stringContaining(
        'could not set up the sandbox: bwrap: Unknown option --disable-userns',
      ),
    });
  });

  test('docker fails here, saying there is no Docker engine', async () => {
    const sandbox = createDockerSandbox({ image: 'debian:12-slim' });
    expect(sandbox).toMatchObject({ name: 'docker', isolated: true });
    await expect(sandbox.selfCheck()).rejects.toMatchObject({
      code: 'sandbox_error',
      message: expect.stringMatching(/docker sandbox unavailable: .*no Docker engine/),
    });
  });

  test('docker without its CLI says so too', async () => {
    const failure = createDockerSandbox({ image: 'x', dockerBin: '/nonexistent/docker' }).selfCheck();
    await expect(failure).rejects.toThrow(
      /docker CLI \(\/nonexistent\/docker\) is not installed.*no Docker engine/,
    );
  });

  test('docker refuses network allowlists instead of ignoring them', async () => {
    const run = createDockerSandbox({ image: 'x' }).run(
      command(dirs.temp('docker-ws'), ['true'], { allowHosts: ['api.openai.com'] }),
    );
    await expect(run).rejects.toThrow('network allowlists are not supported by the docker backend yet');
  });
});
