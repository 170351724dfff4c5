import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withFileLock } from './file-lock.ts';

/** A "pull request" without a server: a pushed branch plus this record, which the dashboard shows. */
export interface LocalPullRecord {
  repo: string;
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  draft: boolean;
  /** Closed is never set by Codecot itself; merged is noticed when the head reaches the base branch. */
  state: 'open' | 'closed' | 'merged';
  /** The head commit when the record was last written; reads report the branch's live tip. */
  headSha: string;
  createdAt: string;
  updatedAt: string;
  comments: { body: string; createdAt: string }[];
}

interface StoreFile {
  nextNumber: number;
  pulls: LocalPullRecord[];
}

/** Kept inside the git directory, so the records travel with the repository they describe. */
const storeDir = (gitDir: string) => join(gitDir, 'codecot');
const storePath = (gitDir: string) => join(storeDir(gitDir), 'pulls.json');

export async function readRecords(gitDir: string): Promise<LocalPullRecord[]> {
  return (await load(gitDir)).pulls;
}

/** Reads, changes and writes the records under the lock; the write is atomic (rename), never half a file. */
export async function changeRecords<T>(
  gitDir: string,
  change: (file: StoreFile) => T | Promise<T>,
): Promise<T> {
  await mkdir(storeDir(gitDir), { recursive: true });
  return withFileLock(join(storeDir(gitDir), 'pulls.lock'), async () => {
    const file = await load(gitDir);
    const result = await change(file);
    const temporary = `${storePath(gitDir)}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`);
    await rename(temporary, storePath(gitDir));
    return result;
  });
}

async function load(gitDir: string): Promise<StoreFile> {
  const text = await readFile(storePath(gitDir), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  return text === undefined ? { nextNumber: 1, pulls: [] } : (JSON.parse(text) as StoreFile);
}

export const now = (): string => new Date().toISOString();
