import { describe, expect, test } from 'vitest';
import { ReactionDeliveries } from '../../../adapters/discord/reaction-deliveries.ts';
import type { ReactionFacts } from '../../../adapters/discord/schemas.ts';

const facts = (user: string, emoji = '✅', message = 'm1') =>
  ({
    message_id: message,
    user_id: user,
    channel_id: 'c1',
    emoji: { id: null, name: emoji },
  }) as ReactionFacts;

describe('ReactionDeliveries', () => {
  test('an add repeated without a remove in between (a duplicate or replayed dispatch) keeps the first delivery', () => {
    const deliveries = new ReactionDeliveries();
    expect(deliveries.of(true, facts('u1'), 's:5')).toBe('s:5');
    expect(deliveries.of(true, facts('u1'), 's:6')).toBe('s:5');
    expect(deliveries.of(true, facts('u1'), 's2:1')).toBe('s:5');
  });

  test('a remove and a re-add are changes of their own; so are other users, emoji and messages', () => {
    const deliveries = new ReactionDeliveries();
    expect(deliveries.of(true, facts('u1'), 's:1')).toBe('s:1');
    expect(deliveries.of(false, facts('u1'), 's:2')).toBe('s:2');
    expect(deliveries.of(false, facts('u1'), 's:3')).toBe('s:2');
    expect(deliveries.of(true, facts('u1'), 's:4')).toBe('s:4');
    expect(deliveries.of(true, facts('u2'), 's:5')).toBe('s:5');
    expect(deliveries.of(true, facts('u1', '❌'), 's:6')).toBe('s:6');
    expect(deliveries.of(true, facts('u1', '✅', 'm2'), 's:7')).toBe('s:7');
  });
});
