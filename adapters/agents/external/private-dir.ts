import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The directory inside the workspace where Codecot hands files to an external agent. */
export const PRIVATE_DIR = '.codecot';

export interface HandoverFiles {
  specFile: string;
  /** Only when iterating with feedback. */
  feedbackFile: string | undefined;
  /** A writable HOME for the agent's own config and caches, thrown away with the directory. */
  home: string;
}

/**
 * Writes the spec (and feedback) into `<workspace>/.codecot/`, the one place every sandbox backend
 * lets the agent read and write. A `.gitignore` of `*` inside keeps the directory out of `git status`
 * and out of the commit without touching `.git` (which an earlier agent run may have tampered with).
 * Whatever stood at that path before is removed first, so a planted symlink cannot redirect the writes.
 */
export async function writeHandover(
  workspace: string,
  content: { specMarkdown: string; feedback: string | undefined },
): Promise<HandoverFiles> {
  const dir = path.join(workspace, PRIVATE_DIR);
  await rm(dir, { recursive: true, force: true }); // removes a symlink itself, never its target
  await mkdir(dir); // not recursive: fails if something raced us to the path
  const create = (name: string, text: string) => writeFile(path.join(dir, name), text, { flag: 'wx' });
  await create('.gitignore', '*\n');
  await create('spec.md', content.specMarkdown);
  const home = path.join(dir, 'home');
  await mkdir(home);
  let feedbackFile: string | undefined;
  if (content.feedback !== undefined) {
    await create('feedback.md', content.feedback);
    feedbackFile = path.join(dir, 'feedback.md');
  }
  return { specFile: path.join(dir, 'spec.md'), feedbackFile, home };
}

/** Removes the handover directory so validation and the commit see only the agent's own changes. */
export async function removeHandover(workspace: string): Promise<void> {
  await rm(path.join(workspace, PRIVATE_DIR), { recursive: true, force: true });
}
