import type { AgentOutcome, AgentTask, CodingAgent } from '../../src/ports/coding-agent.ts';
import { type AgentStep, scriptedAgent } from '../helpers/scripted-agent.ts';

/**
 * The coding agent handed to the core once at start-up, playing whichever script the current
 * scenario set: one running Codecot serves the whole file, scenario after scenario.
 */
export interface SwitchableAgent extends CodingAgent {
  /** The next runs play these steps (one per attempt, the last one repeating). */
  play(steps: AgentStep[]): void;
  /** Every task the current script was given. */
  readonly tasks: readonly AgentTask[];
}

export function switchableAgent(): SwitchableAgent {
  let current = scriptedAgent([{ summary: 'no script was set for this scenario' }]);
  return {
    name: 'scripted',
    play(steps) {
      current = scriptedAgent(steps);
    },
    get tasks() {
      return current.tasks;
    },
    run(task: AgentTask): Promise<AgentOutcome> {
      return current.run(task);
    },
  };
}
