import type { SpecBody } from '../domain/spec.ts';
import type { WorkspaceDiff } from '../ports/workspaces.ts';
import { holdsOwnSecret, redact } from '../redact.ts';

export interface ScopeReport {
  filesChanged: number;
  additions: number;
  deletions: number;
  /** Changed files that no scope entry of the spec covers (only when the scope names paths). */
  outOfScope: string[];
  /** Files whose added lines look like secrets (keys, tokens). */
  secrets: string[];
  /** Files whose added lines hold one of Codecot's own credentials: such a change is never pushed. */
  credentials?: string[];
  binary: string[];
  oversized: string[];
  /** Whether the spec's scope names paths at all; if not, files cannot be checked against it. */
  scopeHasPaths: boolean;
}

const MAX_FILE_BYTES = 1_000_000;
const MAX_LINES_PER_FILE = 2_000;

/** Compares a diff with the spec: files outside scope, secret-like content, binary or oversized changes. */
export function checkScope(diff: WorkspaceDiff, spec: SpecBody): ScopeReport {
  const patterns = spec.scope.flatMap(pathPatterns);
  const files = diff.files;
  return {
    filesChanged: files.length,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    outOfScope: patterns.length
      ? files.filter((f) => !patterns.some((p) => p.test(f.path))).map((f) => f.path)
      : [],
    secrets: filesAdding(diff.patch, (line) => redact(line) !== line),
    credentials: filesAdding(diff.patch, holdsOwnSecret),
    binary: files.filter((f) => f.binary).map((f) => f.path),
    oversized: files
      .filter((f) => f.bytes > MAX_FILE_BYTES || f.additions > MAX_LINES_PER_FILE)
      .map((f) => f.path),
    scopeHasPaths: patterns.length > 0,
  };
}

export function scopeFlags(report: ScopeReport): string[] {
  const flags: string[] = [];
  if (report.outOfScope.length) flags.push(`outside the spec's scope: ${report.outOfScope.join(', ')}`);
  if (report.credentials?.length)
    flags.push(`Codecot's own credentials added in: ${report.credentials.join(', ')}`);
  if (report.secrets.length) flags.push(`secret-like content added in: ${report.secrets.join(', ')}`);
  if (report.binary.length) flags.push(`binary files: ${report.binary.join(', ')}`);
  if (report.oversized.length) flags.push(`oversized changes: ${report.oversized.join(', ')}`);
  return flags;
}

/**
 * Path-like words of a scope entry ("src/upload.ts", "src/api/**", "tests/") become patterns: an
 * exact file, a directory prefix, or a glob. Prose ("the upload module") yields none.
 */
function pathPatterns(entry: string): RegExp[] {
  return entry
    .split(/[\s,;()`'"]+/)
    .filter(
      (word) => /[/.]/.test(word) && /^[\w./*-]+$/.test(word) && !/^\.+$/.test(word) && !word.endsWith('.'),
    )
    .map((word) => {
      const clean = word.replace(/^\.\//, '');
      const glob = clean
        .split('**')
        .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
        .join('.*');
      return clean.endsWith('/') || !/\.[a-z0-9]+$/i.test(clean)
        ? new RegExp(`^${glob.replace(/\/$/, '')}(/|$)`)
        : new RegExp(`^${glob}$`);
    });
}

/** Files with an added line that `matches`: only file names are reported, never the line. */
function filesAdding(patch: string, matches: (line: string) => boolean): string[] {
  const found = new Set<string>();
  let file = '';
  for (const line of patch.split('\n')) {
    if (line.startsWith('+++ ')) file = line.slice(4).replace(/^b\//, '');
    else if (line.startsWith('+') && !line.startsWith('+++') && matches(line)) found.add(file);
  }
  return [...found];
}
