import path from 'node:path';

const ENV_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const WRAPPERS = new Set([
  'env',
  'exec',
  'nice',
  'npx',
  'npm',
  'pnpm',
  'yarn',
  'bunx',
  'pnpx',
  'uvx',
  'pipx',
]);

/**
 * The program an agent command line runs, for the routing line (`external: claude`): leading
 * `VAR=value` assignments, wrappers like `env` or `npx` and their flags are skipped; `run`/`dlx`
 * after pnpm/yarn/pipx too. Never the arguments, which may carry a key.
 */
export function programName(command: string): string {
  const words = command.trim().split(/\s+/).map(unquote);
  let wrapped = false;
  for (const word of words) {
    if (word === '' || ENV_ASSIGNMENT.test(word)) continue;
    if (wrapped && word.startsWith('-')) continue;
    const base = path.basename(word);
    if (WRAPPERS.has(base) || (wrapped && (base === 'run' || base === 'dlx'))) {
      wrapped = true;
      continue;
    }
    return base.replace(/@[^/]*$/, '') || 'agent';
  }
  return 'agent';
}

const unquote = (word: string): string => word.replace(/^['"]|['"]$/g, '');
