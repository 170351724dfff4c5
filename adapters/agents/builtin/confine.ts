import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';

/** A tool path the agent may not use; its message goes back to the model so it can correct itself. */
export class ConfinementError extends Error {
  override name = 'ConfinementError';
}

export interface ConfinedPath {
  /** Where to operate on disk: the real path of the deepest existing ancestor plus the missing rest. */
  absolute: string;
  /** The requested path relative to the workspace root, `.` for the root itself. */
  relative: string;
  exists: boolean;
}

/**
 * Resolves a path the model gave against the workspace root (which must itself be a real path, see
 * `workspaceRoot`). Rejected: `..` segments, absolute paths elsewhere, anything inside `.git`,
 * symlinks anywhere on the path that lead outside (or into `.git`), dangling symlinks, and, when
 * writing, a target that is itself a symlink. Symlinks that stay inside are followed for reading.
 */
export async function confine(
  root: string,
  requested: string,
  intent: 'read' | 'write',
): Promise<ConfinedPath> {
  if (requested.includes('\0')) throw new ConfinementError('the path contains a NUL byte');
  const segments = relativeSegments(root, requested.trim() || '.');
  rejectGitInternals(segments, requested);

  for (let depth = segments.length; depth >= 0; depth--) {
    const candidate = path.join(root, ...segments.slice(0, depth));
    const info = await lstat(candidate).catch(() => undefined);
    if (info === undefined) continue;
    const exists = depth === segments.length;
    if (exists && intent === 'write' && info.isSymbolicLink()) {
      throw new ConfinementError(`${requested} is a symlink; refusing to write through it`);
    }
    const real = await realpath(candidate).catch(() => {
      throw new ConfinementError(`${requested} goes through a symlink that does not resolve`);
    });
    if (!isInside(root, real)) {
      throw new ConfinementError(`${requested} resolves outside the workspace (through a symlink)`);
    }
    rejectGitInternals(path.relative(root, real).split(path.sep), requested);
    const relative = segments.length === 0 ? '.' : segments.join('/');
    return { absolute: path.join(real, ...segments.slice(depth)), relative, exists };
  }
  // Unreachable while the root exists: depth 0 is the root itself.
  throw new ConfinementError(`the workspace root ${root} does not exist`);
}

/** The real path of a workspace directory: the root every tool path is checked against. */
export function workspaceRoot(workspace: string): Promise<string> {
  return realpath(workspace);
}

export function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

function relativeSegments(root: string, requested: string): string[] {
  const raw = requested.split('/');
  if (raw.includes('..')) {
    throw new ConfinementError(
      `${requested}: ".." is not allowed; give paths relative to the workspace root`,
    );
  }
  if (path.isAbsolute(requested)) {
    const normalized = path.normalize(requested);
    if (!isInside(root, normalized)) {
      throw new ConfinementError(`${requested} is outside the workspace; give paths relative to its root`);
    }
    return path.relative(root, normalized).split(path.sep).filter(isNamedSegment);
  }
  return raw.filter(isNamedSegment);
}

const isNamedSegment = (segment: string): boolean => segment !== '' && segment !== '.';

function rejectGitInternals(segments: string[], requested: string): void {
  if (segments.some((segment) => segment.toLowerCase() === '.git')) {
    throw new ConfinementError(`${requested}: the .git directory is off limits; use the working tree`);
  }
}
