import { CodecotError } from '../errors.ts';

/** Why a state changed: the audit trail stores this next to every transition. */
export interface Cause {
  /** What kind of thing caused it: a chat reaction, a message, a slash command, a job, the system. */
  kind: 'reaction' | 'message' | 'command' | 'job' | 'webhook' | 'system';
  /** Canonical id of the user who caused it (`slack:U123`), when a person did. */
  actor?: string;
  /** Canonical id of the inbound event or job that carried it. */
  eventId?: string;
  /** A short human-readable reason. */
  detail?: string;
}

export interface StateMachine<S extends string> {
  readonly name: string;
  readonly transitions: Readonly<Record<S, readonly S[]>>;
}

export interface Transition<S extends string> {
  machine: string;
  from: S;
  to: S;
  cause: Cause;
}

export function defineMachine<S extends string>(
  name: string,
  transitions: Record<S, readonly S[]>,
): StateMachine<S> {
  return Object.freeze({ name, transitions: Object.freeze(transitions) });
}

export function canTransition<S extends string>(machine: StateMachine<S>, from: S, to: S): boolean {
  return machine.transitions[from]?.includes(to) ?? false;
}

/** Checks a transition and returns it for the event log; an illegal one throws a typed error. */
export function transition<S extends string>(
  machine: StateMachine<S>,
  from: S,
  to: S,
  cause: Cause,
): Transition<S> {
  if (!canTransition(machine, from, to)) {
    throw new CodecotError('illegal_transition', `${machine.name}: cannot go from ${from} to ${to}`);
  }
  return { machine: machine.name, from, to, cause };
}

export function isTerminal<S extends string>(machine: StateMachine<S>, state: S): boolean {
  return (machine.transitions[state]?.length ?? 0) === 0;
}
