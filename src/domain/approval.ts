import type { ChatUser } from './chat.ts';
import type { EmojiMeaning } from './emoji.ts';

/** Who may decide on a spec in a channel. */
export interface ApprovalPolicy {
  approvers: readonly string[];
  quorum: number;
  allowSelfApproval: boolean;
  requesterId: string | null;
  botUserId: string;
}

export type IgnoredReason = 'bot' | 'untrusted' | 'not-an-approver' | 'self-approval';
export type Verdict = { counted: true } | { counted: false; reason: IgnoredReason };

/** Whether one reaction counts under the policy; the order of checks is the order of the reasons' strength. */
export function judgeReaction(
  policy: ApprovalPolicy,
  user: ChatUser,
  meaning: 'approve' | 'reject',
): Verdict {
  if (user.id === policy.botUserId || user.isBot) return { counted: false, reason: 'bot' };
  if (user.trust !== 'trusted') return { counted: false, reason: 'untrusted' };
  if (!policy.approvers.includes(user.id)) return { counted: false, reason: 'not-an-approver' };
  if (meaning === 'approve' && !policy.allowSelfApproval && user.id === policy.requesterId) {
    return { counted: false, reason: 'self-approval' };
  }
  return { counted: true };
}

export interface CountedReaction {
  userId: string;
  meaning: EmojiMeaning;
  action: 'added' | 'removed';
}

export type Decision =
  | { state: 'approved'; by: string[] }
  | { state: 'rejected'; by: string }
  | { state: 'pending'; approvals: number };

/**
 * Replays the counted reactions in order: an approval removed before the quorum no longer counts;
 * one reject by an approver closes the spec.
 */
export function decide(policy: ApprovalPolicy, counted: readonly CountedReaction[]): Decision {
  const approving = new Set<string>();
  for (const reaction of counted) {
    if (reaction.meaning === 'reject' && reaction.action === 'added')
      return { state: 'rejected', by: reaction.userId };
    if (reaction.meaning !== 'approve') continue;
    if (reaction.action === 'added') approving.add(reaction.userId);
    else approving.delete(reaction.userId);
    if (approving.size >= policy.quorum) return { state: 'approved', by: [...approving] };
  }
  return { state: 'pending', approvals: approving.size };
}

export const IGNORED_NOTE: Record<IgnoredReason, string> = {
  bot: 'reactions by bots do not count',
  untrusted: 'reactions by guests, external members, or people Codecot could not verify do not count',

  'not-an-approver': 'you are not an approver in this channel (see `/codecot approvers`)',
  'self-approval': 'in this channel the requester cannot approve their own request',
};
