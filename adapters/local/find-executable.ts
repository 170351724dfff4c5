import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ENV } from './command.ts';

/**
 * The path of a program named without a directory, looked up in the standard system directories.
 * The sandboxes start their helper (bwrap, docker) with an environment of their own making, so
 * the lookup cannot rely on that environment's PATH; a name not found is returned as given and
 * the spawn then fails with a clear ENOENT.
 */
export function findExecutable(name: string, searchPath: string = DEFAULT_ENV.PATH): string {
  if (name.includes('/')) return name;
  for (const dir of searchPath.split(':')) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return name;
}
