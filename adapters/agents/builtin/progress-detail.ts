/** The part of a step result the live log looks at: each tool call with its arguments. */
interface StepCalls {
  toolCalls: ReadonlyArray<{ toolName: string; input?: unknown }>;
}

const MAX_ARG_CHARS = 100;

/**
 * What a step did, for the execution's live log: each tool with a short summary of its arguments
 * (`read_file src/a.ts; run_command npm test`), or `answered`. Contents (file text, patches) are
 * never included, only what they touch.
 */
export function progressDetail(step: StepCalls): string {
  if (step.toolCalls.length === 0) return 'answered';
  return step.toolCalls.map((call) => `${call.toolName} ${argumentSummary(call.input)}`.trim()).join('; ');
}

function argumentSummary(input: unknown): string {
  if (input === null || typeof input !== 'object') return '';
  const args = input as Record<string, unknown>;
  const text = (key: string) => (typeof args[key] === 'string' ? (args[key] as string) : undefined);
  const patch = text('patch');
  const parts = [
    text('command'),
    text('pattern') !== undefined ? JSON.stringify(text('pattern')) : undefined,
    text('path'),
    patch !== undefined ? patchedFiles(patch) : undefined,
  ].filter((part): part is string => part !== undefined && part !== '');
  return oneLine(parts.join(' in '));
}

/** The files a unified diff names in its `+++` headers. */
function patchedFiles(patch: string): string {
  const files = [...patch.matchAll(/^\+\+\+ (?:b\/)?(\S+)/gm)]
    .map((m) => m[1])
    .filter((f) => f !== '/dev/null');
  return files.length ? files.join(', ') : 'a patch';
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_ARG_CHARS ? `${flat.slice(0, MAX_ARG_CHARS - 1)}…` : flat;
}
