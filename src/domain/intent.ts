import type { MessageRef } from './chat.ts';
import { defineMachine } from './state-machine.ts';

export type IntentState = 'detected' | 'proposed' | 'superseded' | 'dismissed';
export type IntentTrigger = 'mention' | 'command' | 'emoji' | 'passive';

/** An intent: something a conversation asks to be built, found by one of the three triggers. */
export const intentMachine = defineMachine<IntentState>('intent', {
  detected: ['proposed', 'dismissed'],
  proposed: ['superseded', 'dismissed'],
  superseded: [],
  dismissed: [],
});

export interface Intent {
  id: string;
  channelId: string;
  threadId: string | null;
  trigger: IntentTrigger;
  state: IntentState;
  title: string;
  summary: string;
  confidence: number;
  evidenceMessageIds: string[];
  /** The message the spec is posted under (in its thread). */
  triggerRef: MessageRef | null;
  requestedBy: string | null;
  createdAt: Date;
}
