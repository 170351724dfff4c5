import type { AgentTask } from '../../../src/ports/coding-agent.ts';
import { renderPrompt } from '../../../src/prompts.ts';

/** Renders prompts/agent-builtin.md through the one prompt renderer (missing or unused placeholders fail). */
export function renderSystemPrompt(values: { maxSteps: string; commandTimeoutSeconds: string }): string {
  return renderPrompt('agent-builtin', values);
}

/** The task as the model sees it: the spec, the attempt number and, when iterating, what went wrong. */
export function taskMessage(task: Pick<AgentTask, 'specMarkdown' | 'iteration' | 'feedback'>): string {
  const parts = [`Attempt ${task.iteration}.`, `<spec>\n${task.specMarkdown.trim()}\n</spec>`];
  if (task.feedback !== undefined && task.feedback.trim() !== '') {
    parts.push(
      'The previous attempt did not pass. Fix what the feedback reports, starting from the files as they are now.',
      `<feedback>\n${task.feedback.trim()}\n</feedback>`,
    );
  }
  return parts.join('\n\n');
}
