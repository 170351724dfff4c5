import { describe, expect, test } from 'vitest';
import { type ApprovalPolicy, decide, judgeReaction } from '../../src/domain/approval.ts';
import type { ChatUser } from '../../src/domain/chat.ts';

const policy: ApprovalPolicy = {
  approvers: ['slack:UA', 'slack:UB', 'slack:UREQ'],
  quorum: 2,
  allowSelfApproval: false,
  requesterId: 'slack:UREQ',
  botUserId: 'slack:UBOT',
};
const user = (id: string, extra: Partial<ChatUser> = {}): ChatUser => ({
  id,
  name: id,
  trust: 'trusted',
  isBot: false,
  ...extra,
});

describe('judgeReaction', () => {
  test.each([
    ['the bot itself', user('slack:UBOT'), 'approve', { counted: false, reason: 'bot' }],
    ['another bot', user('slack:UA', { isBot: true }), 'approve', { counted: false, reason: 'bot' }],
    [
      'an untrusted approver',
      user('slack:UA', { trust: 'untrusted', untrustedReason: 'external' }),
      'approve',
      { counted: false, reason: 'untrusted' },
    ],
    ['a non-approver', user('slack:UX'), 'approve', { counted: false, reason: 'not-an-approver' }],
    ['the requester approving', user('slack:UREQ'), 'approve', { counted: false, reason: 'self-approval' }],
    ['the requester rejecting', user('slack:UREQ'), 'reject', { counted: true }],
    ['an approver', user('slack:UA'), 'approve', { counted: true }],
  ] as const)('%s', (_name, who, meaning, verdict) => {
    expect(judgeReaction(policy, who, meaning)).toEqual(verdict);
  });

  test('self-approval is allowed when the channel allows it', () => {
    expect(judgeReaction({ ...policy, allowSelfApproval: true }, user('slack:UREQ'), 'approve')).toEqual({
      counted: true,
    });
  });
});

describe('decide', () => {
  const a = (userId: string, meaning: 'approve' | 'reject', action: 'added' | 'removed' = 'added') => ({
    userId,
    meaning,
    action,
  });
  test('a quorum of two needs two different approvers', () => {
    expect(decide(policy, [a('slack:UA', 'approve'), a('slack:UA', 'approve')])).toEqual({
      state: 'pending',
      approvals: 1,
    });
    expect(decide(policy, [a('slack:UA', 'approve'), a('slack:UB', 'approve')])).toEqual({
      state: 'approved',
      by: ['slack:UA', 'slack:UB'],
    });
  });
  test('an approval removed before the quorum no longer counts', () => {
    expect(
      decide(policy, [
        a('slack:UA', 'approve'),
        a('slack:UA', 'approve', 'removed'),
        a('slack:UB', 'approve'),
      ]),
    ).toEqual({ state: 'pending', approvals: 1 });
  });
  test('one reject closes the spec', () => {
    expect(decide(policy, [a('slack:UA', 'approve'), a('slack:UB', 'reject')])).toEqual({
      state: 'rejected',
      by: 'slack:UB',
    });
  });
  test('a decision reached stays: later removals do not undo an approval', () => {
    expect(
      decide(policy, [
        a('slack:UA', 'approve'),
        a('slack:UB', 'approve'),
        a('slack:UA', 'approve', 'removed'),
      ]),
    ).toMatchObject({ state: 'approved' });
  });
});
