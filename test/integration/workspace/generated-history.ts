import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** Deterministic linear congruential generator, so every run builds the same repository. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const WORDS = [
  'const',
  'value',
  'return',
  'await',
  'request',
  'handler',
  'options',
  'result',
  'index',
  'length',
  'config',
  'logger',
  'error',
  'message',
  'user',
  'items',
  'filter',
  'map',
  'export',
  'function',
  'if',
  'else',
  'for',
  'of',
  'new',
  'Map',
  'string',
  'number',
  'true',
  'false',
  'null',
  'payload',
];

export interface HistoryShape {
  files: number;
  commits: number;
  /** Lines per file in the first commit (each about 40 characters). */
  linesPerFile: number;
}

/**
 * Builds a realistic history straight into `bareDir` on `branch` with `git fast-import` (seconds instead
 * of minutes for a loop of commits): one commit adding every file, then commits touching 1-4 files each.
 */
export async function importHistory(bareDir: string, branch: string, shape: HistoryShape): Promise<void> {
  const random = seeded(7);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const line = () => `  ${Array.from({ length: 6 }, () => pick(WORDS)).join(' ')};`;
  const paths = Array.from({ length: shape.files }, (_, i) => `src/module${i % 20}/file${i}.ts`);
  const contents = paths.map(() => Array.from({ length: shape.linesPerFile }, line));
  const chunks: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  for (let commit = 0; commit < shape.commits; commit += 1) {
    const touched =
      commit === 0
        ? paths.map((_, i) => i)
        : Array.from({ length: 1 + Math.floor(random() * 4) }, () => Math.floor(random() * paths.length));
    for (const index of touched) {
      if (commit === 0) continue;
      const lines = contents[index] as string[];
      lines.splice(Math.floor(random() * lines.length), 1 + Math.floor(random() * 3), line(), line());
    }
    const when = 1_700_000_000 + commit * 3_600;
    chunks.push(
      `commit refs/heads/${branch}\n`,
      `author Dev <dev@example.invalid> ${when} +0000\n`,
      `committer Dev <dev@example.invalid> ${when} +0000\n`,
      data(`Change ${commit}`),
    );
    if (commit === 0) chunks.push('deleteall\n');
    for (const index of new Set(touched)) {
      chunks.push(`M 100644 inline ${paths[index]}\n`, data(`${(contents[index] as string[]).join('\n')}\n`));
    }
    chunks.push('\n');
  }
  const child = spawn('git', ['--git-dir', bareDir, 'fast-import', '--quiet', '--force'], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  // fast-import stops reading when it fails; its exit code and stderr tell why.
  child.stdin.on('error', () => {});
  child.stdin.end(chunks.join(''));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`git fast-import failed: ${Buffer.concat(stderr).toString('utf8')}`);
}
