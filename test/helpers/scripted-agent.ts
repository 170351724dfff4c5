import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentOutcome, AgentTask, CodingAgent } from '../../src/ports/coding-agent.ts';

export interface AgentStep {
  /** Files to write, relative to the workspace. */
  files?: Record<string, string>;
  /** A command the agent runs in the sandbox (to prove it runs there), e.g. a long sleep for cancel tests. */
  command?: string;
  summary?: string;
  /** The progress note the agent reports (default "writing files"). */
  note?: string;
  /** Time the agent spends thinking, to make runs overlap or not. */
  delayMs?: number;
}

/**
 * A coding agent that plays a script, one step per attempt (the last one repeats), and records every
 * task it was given, so tests can check what the feedback told it.
 */
export function scriptedAgent(
  steps: AgentStep[],
): CodingAgent & { tasks: AgentTask[]; spans: { start: number; end: number }[] } {
  const tasks: AgentTask[] = [];
  const spans: { start: number; end: number }[] = [];
  return {
    name: 'scripted',
    tasks,
    spans,
    async run(task: AgentTask): Promise<AgentOutcome> {
      tasks.push(task);
      const start = Date.now();
      const step = steps[Math.min(tasks.length - 1, steps.length - 1)] ?? {};
      task.onProgress(1, step.note ?? 'writing files');
      for (const [path, text] of Object.entries(step.files ?? {}))
        await writeFile(join(task.workspace, path), text);
      if (step.command) {
        await task.sandbox.run({
          argv: ['sh', '-c', step.command],
          workspace: task.workspace,
          env: { PATH: '/usr/bin:/bin' },
          timeoutMs: 120_000,
          maxOutputBytes: 10_000,
          signal: task.signal,
        });
        task.signal.throwIfAborted();
      }
      if (step.delayMs) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
      spans.push({ start, end: Date.now() });
      return {
        summary: step.summary ?? `attempt ${tasks.length}`,
        steps: 1,
        inputTokens: 100,
        outputTokens: 20,
        model: 'scripted-model',
      };
    },
  };
}
