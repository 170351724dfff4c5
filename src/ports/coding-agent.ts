import type { Sandbox } from './sandbox.ts';

export interface AgentTask {
  workspace: string;
  /** The approved spec as markdown, and as JSON for agents that want structure. */
  specMarkdown: string;
  specJson: string;
  /** 1 for the first attempt; higher for fix attempts after validation or CI feedback. */
  iteration: number;
  /** What went wrong last time (failing checks, reviewer comments), when iterating. */
  feedback?: string;
  sandbox: Sandbox;
  signal: AbortSignal;
  /** After each step: a short note for the status line, and optionally more for the live log (tool arguments). */
  onProgress(step: number, note: string, detail?: string): void;
}

export interface AgentOutcome {
  summary: string;
  steps: number;
  inputTokens: number;
  outputTokens: number;
  model: string | null;
}

/** Changes a workspace to satisfy a spec: the built-in tool loop or an external agent CLI. */
export interface CodingAgent {
  /** A short name for the routing line of a spec (`builtin`, `external: claude`). */
  readonly name: string;
  /** Works on the task until done or out of budget; the workspace holds the result. */
  run(task: AgentTask): Promise<AgentOutcome>;
}
