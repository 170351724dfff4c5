import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid of every process visible in /proc (Linux); an empty map elsewhere. */
function parentsByPid(): Map<number, number> {
  const parents = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return parents;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name (field 2) may contain spaces and parentheses; the fields after the last ')' do not.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // The process ended while we were looking.
    }
  }
  return parents;
}

/** Every live descendant of `root` (children, grandchildren, ...), found through /proc. */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parentsByPid()) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** SIGKILLs a pid, or a whole process group when `target` is negative; a gone target is fine. */
export function sigkill(target: number): void {
  try {
    process.kill(target, 'SIGKILL');
  } catch {
    // Already gone (ESRCH): exactly what we wanted.
  }
}

/**
 * SIGKILLs a process started with `detached: true` (so it leads its own process group) and its
 * whole tree: the group first, then every descendant found before the kill, which catches
 * children that moved to a group of their own. A child that daemonised (double fork) before the
 * kill is out of reach here; only the pid namespace of `bwrap` or a container contains those.
 */
export function killProcessTree(leader: number): void {
  const descendants = descendantsOf(leader);
  sigkill(-leader);
  sigkill(leader);
  for (const pid of descendants) sigkill(pid);
}
