import type { CodingAgent } from '../../src/ports/coding-agent.ts';
import { type AgentStep, scriptedAgent } from './scripted-agent.ts';

export interface SteppingAgent extends CodingAgent {
  /** Lets the next step through (a gated agent waits before each step and before it finishes). */
  advance(): void;
  /** How many times the agent waits at its gate: resolves once it is waiting for the n-th `advance`. */
  waiting(n: number): Promise<void>;
}

/**
 * A coding agent that reports `details` as its steps (the built-in agent's "tool arguments" lines),
 * then plays `step` like the scripted agent. With `gated`, it waits for `advance()` before each step
 * and before finishing, so a test can watch each step arrive.
 */
export function steppingAgent(
  details: string[],
  step: AgentStep,
  options: { gated?: boolean } = {},
): SteppingAgent {
  const scripted = scriptedAgent([step]);
  const releases: (() => void)[] = [];
  const gates: Promise<void>[] = [];
  const arrivals: (() => void)[] = [];
  const arrived: Promise<void>[] = [];
  for (let i = 0; i <= details.length; i++) {
    gates.push(new Promise((resolve) => releases.push(resolve)));
    arrived.push(new Promise((resolve) => arrivals.push(resolve)));
  }
  let released = 0;
  const gate = async (i: number) => {
    if (!options.gated) return;
    arrivals[i]?.();
    await gates[i];
  };
  return {
    name: 'stepping',
    advance() {
      releases[released]?.();
      released += 1;
    },
    waiting: (n) => arrived[n - 1] ?? Promise.reject(new Error(`the agent has only ${gates.length} gates`)),
    async run(task) {
      for (const [i, detail] of details.entries()) {
        await gate(i);
        task.onProgress(i + 1, detail.split(' ')[0] ?? detail, detail);
      }
      await gate(details.length);
      return scripted.run({ ...task, onProgress: (_s, note) => task.onProgress(details.length + 1, note) });
    },
  };
}
