import { constants } from 'node:fs';
import { mkdir, open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfinementError, confine } from './confine.ts';
import { LIMITS } from './context.ts';

const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

/** A tree listing of a workspace directory, breadth first, directories marked with `/`. */
export async function listFiles(root: string, requested = '.', depth = 2): Promise<string> {
  const start = await confine(root, requested, 'read');
  if (!start.exists) throw new ConfinementError(`${requested} does not exist`);
  const lines: string[] = [];
  let queue = [{ dir: start.absolute, prefix: start.relative === '.' ? '' : `${start.relative}/` }];
  for (let level = 0; level < Math.min(Math.max(depth, 1), 6) && queue.length > 0; level++) {
    const next: typeof queue = [];
    for (const { dir, prefix } of queue) {
      const entries = await readdir(dir, { withFileTypes: true });
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        if (lines.length >= LIMITS.listEntries) {
          return `${lines.join('\n')}\n[listing cut at ${LIMITS.listEntries} entries; list a subdirectory]`;
        }
        const name = `${prefix}${entry.name}`;
        if (entry.isSymbolicLink()) lines.push(`${name}@ (symlink)`);
        else if (!entry.isDirectory()) lines.push(name);
        else if (SKIPPED_DIRS.has(entry.name)) lines.push(`${name}/ (not expanded)`);
        else {
          lines.push(`${name}/`);
          next.push({ dir: path.join(dir, entry.name), prefix: `${name}/` });
        }
      }
    }
    queue = next;
  }
  return lines.length > 0 ? lines.join('\n') : '(empty directory)';
}

/** A text file, whole or by 1-based inclusive line range, cut at a size the model can take in. */
export async function readFile(root: string, requested: string, startLine?: number, endLine?: number) {
  const target = await confine(root, requested, 'read');
  if (!target.exists) throw new ConfinementError(`${requested} does not exist`);
  const info = await stat(target.absolute);
  if (info.isDirectory()) throw new ConfinementError(`${requested} is a directory; use list_files`);
  if (info.size > LIMITS.readBytes) throw new ConfinementError(`${requested} is too large to read`);
  const handle = await open(target.absolute, constants.O_RDONLY | constants.O_NOFOLLOW);
  const buffer = await handle.readFile().finally(() => handle.close());
  if (buffer.subarray(0, 8000).includes(0)) throw new ConfinementError(`${requested} is a binary file`);

  const body = buffer.toString('utf8');
  const lines = (body.endsWith('\n') ? body.slice(0, -1) : body).split('\n');
  const first = Math.max(1, startLine ?? 1);
  const last = Math.min(lines.length, endLine ?? lines.length);
  let text = '';
  for (let line = first; line <= last; line++) {
    const next = `${text}${lines[line - 1]}\n`;
    if (next.length > LIMITS.readChars) {
      return `${text}[cut at ${LIMITS.readChars} characters; continue with startLine=${line}]`;
    }
    text = next;
  }
  const range = first === 1 && last === lines.length ? '' : ` (lines ${first}-${last} of ${lines.length})`;
  return range ? `${text}[end of excerpt${range}]` : text;
}

/** Creates or replaces a file (and its missing directories); never follows a symlink. */
export async function writeFile(root: string, requested: string, content: string): Promise<string> {
  if (content.length > LIMITS.writeChars) throw new ConfinementError('content too large for one write');
  const target = await confine(root, requested, 'write');
  if (target.relative === '.') throw new ConfinementError('give a file path, not the workspace root');
  await mkdir(path.dirname(target.absolute), { recursive: true });
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;
  const handle = await open(target.absolute, flags, 0o644);
  await handle.writeFile(content, 'utf8').finally(() => handle.close());
  return `wrote ${Buffer.byteLength(content)} bytes to ${target.relative}`;
}
