export interface SandboxCommand {
  /** Program and arguments; a shell command is `['sh', '-c', line]`. */
  argv: string[];
  /** The workspace directory: the only writable place inside the sandbox. */
  workspace: string;
  /** The complete environment inside the sandbox; nothing of the bot's own environment leaks in. */
  env: Record<string, string>;
  timeoutMs: number;
  /** Bytes kept of stdout and of stderr each; the rest is dropped and `truncated` set. */
  maxOutputBytes: number;
  /** Hosts reachable from inside; none when omitted. */
  allowHosts?: string[];
  signal?: AbortSignal;
}

export interface SandboxResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  truncated: boolean;
  durationMs: number;
}

/** Runs commands in isolation from the host and from the bot's secrets. */
export interface Sandbox {
  /** The backend's name (`bwrap`, `local`, `docker`), shown in every spec's routing. */
  readonly name: string;
  /** Whether the backend isolates at all; `local` does not and says so. */
  readonly isolated: boolean;
  /** Verifies the backend works on this host; throws rather than falling back to a weaker one. */
  selfCheck(): Promise<void>;
  /** Runs one command; never throws for a failing command, only for a sandbox that cannot start. */
  run(command: SandboxCommand): Promise<SandboxResult>;
}
