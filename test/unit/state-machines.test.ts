import { describe, expect, test } from 'vitest';
import { type ExecutionState, executionMachine } from '../../src/domain/execution.ts';
import { type IntentState, intentMachine } from '../../src/domain/intent.ts';
import { type SpecVersionState, specVersionMachine } from '../../src/domain/spec.ts';
import { canTransition, isTerminal, type StateMachine, transition } from '../../src/domain/state-machine.ts';
import { CodecotError } from '../../src/errors.ts';

const cause = { kind: 'reaction', actor: 'slack:U1', eventId: 'slack:Ev1' } as const;

const legal = {
  intent: [
    ['detected', 'proposed'],
    ['detected', 'dismissed'],
    ['proposed', 'superseded'],
    ['proposed', 'dismissed'],
  ] as [IntentState, IntentState][],
  spec: [
    ['proposed', 'approved'],
    ['proposed', 'rejected'],
    ['proposed', 'superseded'],
    ['proposed', 'expired'],
  ] as [SpecVersionState, SpecVersionState][],
  execution: [
    ['queued', 'preparing'],
    ['preparing', 'agent'],
    ['agent', 'validating'],
    ['validating', 'agent'],
    ['validating', 'pushing'],
    ['pushing', 'pr-open'],
    ['pr-open', 'ci-pending'],
    ['pr-open', 'succeeded'],
    ['ci-pending', 'succeeded'],
    ...(['queued', 'preparing', 'agent', 'validating', 'pushing', 'pr-open', 'ci-pending'] as const).flatMap(
      (s) =>
        [
          [s, 'failed'],
          [s, 'cancelled'],
        ] as [ExecutionState, ExecutionState][],
    ),
  ] as [ExecutionState, ExecutionState][],
};

function everyPair<S extends string>(machine: StateMachine<S>): [S, S][] {
  const states = Object.keys(machine.transitions) as S[];
  return states.flatMap((from) => states.map((to) => [from, to] as [S, S]));
}

describe.each([
  ['intent', intentMachine as StateMachine<string>, legal.intent as [string, string][]],
  ['spec version', specVersionMachine as StateMachine<string>, legal.spec as [string, string][]],
  ['execution', executionMachine as StateMachine<string>, legal.execution as [string, string][]],
])('%s state machine', (_name, machine, allowed) => {
  test('every legal transition is allowed and carries its cause', () => {
    for (const [from, to] of allowed) {
      expect(transition(machine, from, to, cause)).toEqual({ machine: machine.name, from, to, cause });
    }
  });

  test('every other pair is illegal and throws a typed error', () => {
    const allowedKeys = new Set(allowed.map(([a, b]) => `${a}>${b}`));
    const illegal = everyPair(machine).filter(([a, b]) => !allowedKeys.has(`${a}>${b}`));
    expect(illegal.length).toBeGreaterThan(0);
    for (const [from, to] of illegal) {
      expect(canTransition(machine, from, to)).toBe(false);
      const attempt = () => transition(machine, from, to, cause);
      expect(attempt).toThrow(CodecotError);
      expect(attempt).toThrow(`cannot go from ${from} to ${to}`);
    }
  });
});

test('terminal states have no way out', () => {
  expect(
    ['succeeded', 'failed', 'cancelled'].every((s) => isTerminal(executionMachine, s as ExecutionState)),
  ).toBe(true);
  expect(isTerminal(executionMachine, 'agent')).toBe(false);
  expect(isTerminal(specVersionMachine, 'approved')).toBe(true);
  expect(isTerminal(intentMachine, 'proposed')).toBe(false);
});
