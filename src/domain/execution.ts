import { defineMachine } from './state-machine.ts';

export type ExecutionState =
  | 'queued'
  | 'preparing'
  | 'agent'
  | 'validating'
  | 'pushing'
  | 'pr-open'
  | 'ci-pending'
  | 'succeeded'
  | 'failed'
  | 'cancelled';

const stop = ['failed', 'cancelled'] as const;

/**
 * An execution of an approved spec version. `validating -> agent` is a fix attempt after new
 * failures; `pr-open -> succeeded` is for code hosts without CI.
 */
export const executionMachine = defineMachine<ExecutionState>('execution', {
  queued: ['preparing', ...stop],
  preparing: ['agent', ...stop],
  agent: ['validating', ...stop],
  validating: ['agent', 'pushing', ...stop],
  pushing: ['pr-open', ...stop],
  'pr-open': ['ci-pending', 'succeeded', ...stop],
  'ci-pending': ['succeeded', ...stop],
  succeeded: [],
  failed: [],
  cancelled: [],
});

export interface Execution {
  id: string;
  specVersionId: string;
  state: ExecutionState;
  attempt: number;
  branch: string | null;
  baseSha: string | null;
  headSha: string | null;
  createdAt: Date;
}
