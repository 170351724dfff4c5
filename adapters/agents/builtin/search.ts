import { ConfinementError, confine } from './confine.ts';
import { LIMITS, type ToolContext } from './context.ts';
import { runInSandbox } from './sandbox-call.ts';

/**
 * Searches workspace text files with grep run inside the sandbox, so a pathological pattern from the
 * model burns the sandbox's timeout instead of the bot's event loop. Extended regex by default.
 */
export async function search(
  context: ToolContext,
  pattern: string,
  requested = '.',
  literal = false,
): Promise<string> {
  const target = await confine(context.root, requested, 'read');
  if (!target.exists) throw new ConfinementError(`${requested} does not exist`);
  const argv = [
    'grep',
    '-rnI',
    '--exclude-dir=.git',
    '--exclude-dir=node_modules',
    '--max-count=20',
    literal ? '-F' : '-E',
    '-e',
    pattern,
    '--',
    target.relative,
  ];
  const result = await runInSandbox(context, argv, { timeoutMs: 30_000 });
  if (result.timedOut) throw new Error('the search took too long; narrow the path or the pattern');
  if (result.exitCode === 1) return 'no matches';
  const lines = result.stdout.split('\n').filter((line) => line !== '');
  if (result.exitCode !== 0 && lines.length === 0) {
    throw new Error(`grep failed: ${result.stderr.trim().slice(0, 500)}`);
  }
  const shown = lines
    .slice(0, LIMITS.searchMatches)
    .map((line) => line.replace(/^\.\//, ''))
    .map((line) =>
      line.length > LIMITS.searchLineChars ? `${line.slice(0, LIMITS.searchLineChars)}…` : line,
    );
  const cut = lines.length > LIMITS.searchMatches || result.truncated;
  return cut ? `${shown.join('\n')}\n[more matches not shown; narrow the search]` : shown.join('\n');
}
