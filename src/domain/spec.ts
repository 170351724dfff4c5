import { defineMachine } from './state-machine.ts';

export type SpecVersionState = 'proposed' | 'approved' | 'rejected' | 'superseded' | 'expired';

/** One version of a spec; a reply in the thread supersedes it with the next version. */
export const specVersionMachine = defineMachine<SpecVersionState>('spec_version', {
  proposed: ['approved', 'rejected', 'superseded', 'expired'],
  approved: [],
  rejected: [],
  superseded: [],
  expired: [],
});

export interface SpecBody {
  title: string;
  problem: string;
  desiredOutcome: string;
  scope: string[];
  acceptanceCriteria: string[];
  outOfScope: string[];
  validationPlan: string[];
  risks: string[];
  size: 'xs' | 's' | 'm' | 'l';
}

export interface SpecVersion {
  id: string;
  specId: string;
  version: number;
  state: SpecVersionState;
  body: SpecBody;
  messageId: string | null;
  createdAt: Date;
}
