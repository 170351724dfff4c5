import type { SpecBody } from '../domain/spec.ts';

const list = (items: readonly string[]) => (items.length ? items.map((i) => `- ${i}`).join('\n') : '- none');

/** The approved spec as markdown: what the agent reads and what the pull request carries. */
export function specMarkdown(body: SpecBody, version: number): string {
  return [
    `# ${body.title} (spec v${version}, size ${body.size})`,
    `## Problem\n${body.problem}`,
    `## Desired outcome\n${body.desiredOutcome}`,
    `## Scope\n${list(body.scope)}`,
    `## Acceptance criteria\n${list(body.acceptanceCriteria)}`,
    `## Out of scope\n${list(body.outOfScope)}`,
    `## Validation plan\n${list(body.validationPlan)}`,
    `## Risks\n${list(body.risks)}`,
  ].join('\n\n');
}
