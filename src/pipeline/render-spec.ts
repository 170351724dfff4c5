import type { PlatformName, RichMessage } from '../domain/chat.ts';
import { emojiFor } from '../domain/emoji.ts';
import type { SpecBody } from '../domain/spec.ts';
import type { Routing } from './context.ts';

export interface SpecView {
  body: SpecBody;
  version: number;
  repo: string | null;
  model: string;
  routing: Routing;
  approvers: readonly string[];
  quorum: number;
  platform: PlatformName;
}

const list = (items: readonly string[]): string[] => (items.length ? [...items] : ['none']);
const mention = (id: string) => `<@${id.slice(id.indexOf(':') + 1)}>`;

/** A proposed spec as platform-neutral rich text: the adapters render it as Block Kit or an embed. */
export function renderSpec(view: SpecView): RichMessage {
  const { body } = view;
  const approve = show(view.platform, emojiFor('approve', view.platform));
  const reject = show(view.platform, emojiFor('reject', view.platform));
  const approvers = view.approvers.length
    ? view.approvers.map(mention).join(', ')
    : 'none set (`/codecot approvers set @user`)';
  return {
    title: `Spec v${view.version}: ${body.title}`,
    text: `Spec v${view.version}: ${body.title} (${body.size}). React ${approve} to approve, ${reject} to reject, or reply in this thread to revise.`,
    sections: [
      { heading: 'Problem', body: body.problem },
      { heading: 'Desired outcome', body: body.desiredOutcome },
      { heading: 'Scope', items: list(body.scope) },
      { heading: 'Acceptance criteria', items: list(body.acceptanceCriteria) },
      { heading: 'Out of scope', items: list(body.outOfScope) },
      { heading: 'Validation plan', items: list(body.validationPlan) },
      { heading: 'Risks', items: list(body.risks) },
      {
        heading: 'Routing',
        fields: [
          { label: 'Repository', value: view.repo ?? 'none linked (`/codecot repo owner/name`)' },
          { label: 'Agent', value: view.routing.agent },
          { label: 'Model', value: view.model },
          {
            label: 'Sandbox',
            value: view.routing.isolated ? view.routing.sandbox : `${view.routing.sandbox} (NOT isolated)`,
          },
          { label: 'Approvers', value: approvers },
          { label: 'Quorum', value: String(view.quorum) },
        ],
      },
    ],
    context: `Size ${body.size}. ${approve} approve · ${reject} reject · reply in the thread to revise. Nothing runs before approval.`,
  };
}

/** The older version's message once a newer one exists. */
export function renderSuperseded(body: SpecBody, version: number, next: number): RichMessage {
  return {
    title: `Spec v${version}: ${body.title} (superseded by v${next})`,
    text: `Spec v${version} was superseded by v${next}, posted below in this thread. Reactions here no longer count.`,
  };
}

function show(platform: PlatformName, emoji: string): string {
  return platform === 'slack' ? `:${emoji}:` : emoji;
}
