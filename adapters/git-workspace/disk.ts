import { lstat, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { executionPaths, type Layout } from './paths.ts';

/** Bytes a directory tree occupies on disk (allocated blocks), each hard-linked file counted once. */
export async function directoryBytes(root: string): Promise<number> {
  const seen = new Set<string>();
  const walk = async (path: string): Promise<number> => {
    const info = await lstat(path).catch(() => undefined);
    if (!info) return 0; // removed while we walked
    const key = `${info.dev}:${info.ino}`;
    if (seen.has(key)) return 0;
    seen.add(key);
    const own = info.blocks * 512;
    if (!info.isDirectory()) return own;
    const names = await readdir(path).catch(() => [] as string[]);
    const sizes = await Promise.all(names.map((name) => walk(join(path, name))));
    return sizes.reduce((sum, size) => sum + size, own);
  };
  return walk(root);
}

export interface Checkout {
  executionId: string;
  createdMs: number;
}

/** Every checkout directory present, oldest first. */
export async function listCheckouts(layout: Layout): Promise<Checkout[]> {
  const names = await readdir(layout.workspacesDir).catch(() => [] as string[]);
  const found = await Promise.all(
    names.map(async (executionId) => {
      const info = await stat(join(layout.workspacesDir, executionId)).catch(() => undefined);
      if (!info?.isDirectory()) return undefined;
      return { executionId, createdMs: info.birthtimeMs || info.mtimeMs };
    }),
  );
  return found.filter((checkout) => checkout !== undefined).sort((a, b) => a.createdMs - b.createdMs);
}

/** Deletes a checkout and Codecot's git directory for it; the mirror is not touched. */
export async function removeExecution(layout: Layout, executionId: string): Promise<void> {
  const paths = executionPaths(layout, executionId);
  await Promise.all([
    rm(paths.checkout, { recursive: true, force: true, maxRetries: 3 }),
    rm(paths.gitDir, { recursive: true, force: true, maxRetries: 3 }),
  ]);
}

/**
 * Keeps room for one more checkout under `max`: removes the oldest checkouts no live execution of this
 * process uses (leftovers of crashed runs). `over` counts the checkouts still beyond the bound, all live.
 */
export async function pruneLeftovers(
  layout: Layout,
  max: number,
  live: ReadonlySet<string>,
): Promise<{ removed: string[]; over: number }> {
  const checkouts = await listCheckouts(layout);
  const excess = checkouts.length - (max - 1);
  if (excess <= 0) return { removed: [], over: 0 };
  const victims = checkouts.filter((checkout) => !live.has(checkout.executionId)).slice(0, excess);
  await Promise.all(victims.map((victim) => removeExecution(layout, victim.executionId)));
  return { removed: victims.map((victim) => victim.executionId), over: excess - victims.length };
}

/** Removes checkouts and git directories of executions not in `keep`; returns the ids removed. */
export async function removeAllExcept(layout: Layout, keep: ReadonlySet<string>): Promise<string[]> {
  const checkoutIds = (await listCheckouts(layout)).map((checkout) => checkout.executionId);
  const gitDirIds = (await readdir(layout.gitDirsDir).catch(() => [] as string[]))
    .filter((name) => name.endsWith('.git'))
    .map((name) => name.slice(0, -'.git'.length));
  const orphans = [...new Set([...checkoutIds, ...gitDirIds])].filter(
    (id) => !keep.has(id) && /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(id),
  );
  await Promise.all(orphans.map((id) => removeExecution(layout, id)));
  return orphans;
}
