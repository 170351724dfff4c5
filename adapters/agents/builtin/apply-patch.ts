import { confine } from './confine.ts';
import { LIMITS, type ToolContext } from './context.ts';
import { runInSandbox } from './sandbox-call.ts';

export interface PatchTargets {
  /** Every path the patch creates, changes, renames or deletes, relative to the workspace. */
  paths: string[];
  /** The `-p` level: 1 for `a/` `b/` prefixed paths (git's default), 0 for bare ones. */
  strip: 0 | 1;
}

const HEADER = /^(?:---|\+\+\+) (.+?)(?:\t.*)?$/;
const RENAME_OR_COPY = /^(?:rename|copy) (?:from|to) (.+)$/;
const SYMLINK_MODE = /^(?:new file mode|new mode) 120000\s*$/;

/** The paths a unified diff touches; throws for what we refuse to apply (symlinks, quoted paths). */
export function patchTargets(patch: string): PatchTargets {
  const headerPaths: string[] = [];
  const gitPaths: string[] = [];
  let gitStyle = false;
  const lines = patch.split('\n');
  lines.forEach((line, index) => {
    if (SYMLINK_MODE.test(line)) throw new Error('patches may not create symlinks');
    if (line.startsWith('diff --git ')) {
      gitStyle = true;
      gitPaths.push(...gitHeaderPaths(line.slice('diff --git '.length)));
      return;
    }
    // File headers are a `---` line, a `+++` line and a hunk header; anything else is hunk content.
    const headerAt = (first: number) =>
      lines[first]?.startsWith('--- ') &&
      lines[first + 1]?.startsWith('+++ ') &&
      lines[first + 2]?.startsWith('@@');
    const isHeader =
      (line.startsWith('--- ') && headerAt(index)) || (line.startsWith('+++ ') && headerAt(index - 1));
    const header = isHeader ? HEADER.exec(line)?.[1] : RENAME_OR_COPY.exec(line)?.[1];
    if (header === undefined || header === '/dev/null') return;
    if (header.startsWith('"'))
      throw new Error('quoted paths are not supported; use write_file for this file');
    if (isHeader) headerPaths.push(header);
    else gitPaths.push(header);
  });
  const strip = gitStyle || (headerPaths.length > 0 && headerPaths.every((p) => /^[ab]\//.test(p))) ? 1 : 0;
  const stripped = headerPaths.map((p) => (strip === 1 ? p.replace(/^[ab]\//, '') : p));
  const paths = [...new Set([...stripped, ...gitPaths])];
  if (paths.length === 0) throw new Error('not a unified diff: no ---/+++ file headers found');
  return { paths, strip };
}

/** `a/x b/x`: both halves name the same file unless renamed (then rename lines follow). */
function gitHeaderPaths(rest: string): string[] {
  if (rest.startsWith('"')) throw new Error('quoted paths are not supported; use write_file for this file');
  const half = (rest.length - 1) / 2;
  const left = rest.slice(0, half);
  const right = rest.slice(half + 1);
  if (left.startsWith('a/') && right.startsWith('b/') && left.slice(2) === right.slice(2))
    return [left.slice(2)];
  return [];
}

/**
 * Applies a unified diff with `git apply` inside the sandbox, after checking every path it touches
 * against the workspace (git apply also refuses paths beyond a symlink). `--recount` forgives the
 * hunk line counts models often get wrong; the context lines must still match.
 */
export async function applyPatch(context: ToolContext, patch: string): Promise<string> {
  if (patch.length > LIMITS.patchChars) throw new Error('patch too large; split it or use write_file');
  const { paths, strip } = patchTargets(patch);
  for (const path of paths) await confine(context.root, path, 'write');
  const result = await runInSandbox(
    context,
    [
      'sh',
      '-c',
      'printf "%s" "$CODECOT_PATCH" | git apply --recount --whitespace=nowarn -p"$CODECOT_STRIP" -',
    ],
    {
      env: {
        CODECOT_PATCH: patch.endsWith('\n') ? patch : `${patch}\n`,
        CODECOT_STRIP: String(strip),
        // The sandbox may map the checkout to another user; git would then refuse the repository.
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'safe.directory',
        GIT_CONFIG_VALUE_0: '*',
      },
      timeoutMs: 30_000,
    },
  );
  if (result.exitCode !== 0) {
    const why = (result.stderr || result.stdout).trim().slice(0, 2000);
    throw new Error(`git apply failed; re-read the file and retry, or use write_file:\n${why}`);
  }
  return `applied the patch to ${paths.join(', ')}`;
}
