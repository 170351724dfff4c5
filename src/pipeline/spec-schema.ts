import { z } from 'zod';

const line = z.string().min(1).max(500);

/** The structured answer the draft and revise stages ask the model for. */
export const specBodySchema = z.object({
  title: z.string().min(3).max(120),
  problem: z.string().min(1).max(2_000),
  desiredOutcome: z.string().min(1).max(2_000),
  scope: z.array(line).max(20),
  acceptanceCriteria: z.array(line).min(1).max(15),
  outOfScope: z.array(line).max(15),
  validationPlan: z.array(line).max(15),
  risks: z.array(line).max(10),
  size: z.enum(['xs', 's', 'm', 'l']),
});
