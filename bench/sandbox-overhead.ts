// Time added per command by the bwrap sandbox: median wall time of `/bin/true` through a plain
// `child_process.spawn` against the same through `createBwrapSandbox().run`, interleaved in one run
// so both see the same machine load. Target: at most 10 ms added.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBwrapSandbox } from '../adapters/bwrap/index.ts';
import { median } from './stats.ts';

const WARM_UP = 3;

function plainTrue(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/true', [], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.on('error', reject);
    child.on('close', () => resolve());
  });
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

const round = (value: number) => Math.round(value * 100) / 100;

export async function sandboxOverhead(
  runs = 50,
): Promise<{ plainMs: number; bwrapMs: number; addedMs: number; ratio: number }> {
  const sandbox = createBwrapSandbox();
  await sandbox.selfCheck();
  const workspace = await mkdtemp(join(tmpdir(), 'codecot-bench-sandbox-'));
  const sandboxed = async () => {
    const result = await sandbox.run({
      argv: ['/bin/true'],
      workspace,
      env: {},
      timeoutMs: 10_000,
      maxOutputBytes: 1024,
    });
    if (result.exitCode !== 0) throw new Error(`/bin/true failed in the sandbox: ${result.stderr}`);
  };
  try {
    for (let i = 0; i < WARM_UP; i++) {
      await plainTrue();
      await sandboxed();
    }
    const plain: number[] = [];
    const bwrap: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Alternate which goes first so neither always runs on a just-warmed cache.
      if (i % 2 === 0) {
        plain.push(await timed(plainTrue));
        bwrap.push(await timed(sandboxed));
      } else {
        bwrap.push(await timed(sandboxed));
        plain.push(await timed(plainTrue));
      }
    }
    const plainMs = median(plain);
    const bwrapMs = median(bwrap);
    return {
      plainMs: round(plainMs),
      bwrapMs: round(bwrapMs),
      addedMs: round(bwrapMs - plainMs),
      ratio: round(bwrapMs / plainMs),
    };
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}
