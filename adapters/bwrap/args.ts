import { ETC_PATHS, type SystemPath } from './layout.ts';

/** Everything one bwrap invocation depends on; `buildBwrapArgs` turns it into options, with no I/O. */
export interface BwrapPlan {
  /** The workspace as the caller named it (the working directory inside). */
  workspace: string;
  /** Its real path on the host, bound read-write at the same path. */
  workspaceReal: string;
  /** The complete environment inside. */
  env: Readonly<Record<string, string>>;
  system: readonly SystemPath[];
  /** More host paths bound read-only at the same path (an /opt toolchain, say). */
  extraReadOnly: readonly string[];
  /** Host path -> path inside, bound read-only (the allowlist proxy's socket and forwarder). */
  extraBinds?: readonly { host: string; inside: string; writable?: boolean }[];
  /** Size limit of the private /tmp (a tmpfs, so RAM): a runaway writer fills it, not the host's memory. */
  tmpSizeBytes: number;
  /** The fd bwrap reports its JSON status on (the child's exit code proves the sandbox started). */
  statusFd: number;
}

/**
 * Namespaces and privileges. `--disable-userns` stops the sandbox from making a new user namespace
 * (and regaining capabilities in it); `--cap-drop ALL` matters when bwrap runs as root, where a
 * read-only bind could otherwise be remounted writable. bwrap fails on an option it does not
 * know, so an old bwrap refuses to start instead of silently running with less isolation.
 */
export const ISOLATION_FLAGS: readonly string[] = [
  '--unshare-user',
  '--unshare-pid',
  '--unshare-net',
  '--unshare-ipc',
  '--unshare-uts',
  '--unshare-cgroup-try',
  '--disable-userns',
  '--cap-drop',
  'ALL',
  '--die-with-parent',
  '--new-session',
  '--hostname',
  'codecot-sandbox',
];

/** bwrap's options (everything before `--` and the command; bwrap reads the command from its own argv). */
export function buildBwrapArgs(plan: BwrapPlan): string[] {
  const args = [...ISOLATION_FLAGS, '--json-status-fd', String(plan.statusFd)];
  for (const { path, symlinkTo } of plan.system) {
    args.push(...(symlinkTo === undefined ? ['--ro-bind', path, path] : ['--symlink', symlinkTo, path]));
  }
  for (const path of ETC_PATHS) args.push('--ro-bind-try', path, path);
  for (const path of plan.extraReadOnly) args.push('--ro-bind', path, path);
  // /tmp before the workspace: a workspace under /tmp is then bound on top of the private tmpfs.
  args.push('--proc', '/proc', '--dev', '/dev', '--size', String(plan.tmpSizeBytes), '--tmpfs', '/tmp');
  args.push('--bind', plan.workspaceReal, plan.workspaceReal);
  if (plan.workspace !== plan.workspaceReal) args.push('--symlink', plan.workspaceReal, plan.workspace);
  for (const bind of plan.extraBinds ?? [])
    args.push(bind.writable ? '--bind' : '--ro-bind', bind.host, bind.inside);
  args.push('--chdir', plan.workspace, '--clearenv');
  for (const [key, value] of Object.entries(plan.env)) args.push('--setenv', key, value);
  return args;
}

/** bwrap's `--args` format: NUL-terminated arguments, read from a pipe so values never show in `ps`. */
export function encodeArgs(args: readonly string[]): Buffer {
  return Buffer.from(args.map((arg) => `${arg}\0`).join(''), 'utf8');
}
