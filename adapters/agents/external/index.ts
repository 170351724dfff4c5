import { CodecotError } from '../../../src/errors.ts';
import type { Logger } from '../../../src/logger.ts';
import type { AgentOutcome, AgentTask, CodingAgent } from '../../../src/ports/coding-agent.ts';
import type { SandboxResult } from '../../../src/ports/sandbox.ts';
import { redact } from '../../../src/redact.ts';
import { minimalEnv, tail } from '../sandbox-env.ts';
import { removeHandover, writeHandover } from './private-dir.ts';
import { programName } from './program-name.ts';

export interface ExternalAgentConfig {
  /** A shell command line (`CODECOT_AGENT_COMMAND`), run as `sh -c <command>` with cwd = workspace. */
  command: string;
  /** Hosts the agent may reach, typically its own model API; none by default. */
  allowHosts?: string[];
  /** Wall-clock limit of one run (default 30 minutes); the sandbox kills the agent and its children. */
  timeoutMs?: number;
  /** Bytes kept of stdout and of stderr each (default 1 MiB). */
  maxOutputBytes?: number;
  /** Extra variables for the agent, such as its own API key: visible to it by design, masked in errors. */
  env?: Record<string, string>;
  logger: Logger;
}

/** Environment variables hold at most 128 KiB each on Linux; a spec never comes close. */
const MAX_ENV_VALUE = 100_000;

/** An external coding agent CLI (Claude Code, Codex, aider...) run inside the sandbox on the task. */
export function createExternalAgent(config: ExternalAgentConfig): CodingAgent {
  const program = programName(config.command);
  return { name: `external: ${program}`, run: (task) => runExternalAgent(config, program, task) };
}

async function runExternalAgent(
  config: ExternalAgentConfig,
  program: string,
  task: AgentTask,
): Promise<AgentOutcome> {
  if (task.specJson.length > MAX_ENV_VALUE) {
    throw new CodecotError('bad_input', 'the spec JSON is too large to pass in CODECOT_SPEC_JSON');
  }
  const handover = await writeHandover(task.workspace, {
    specMarkdown: task.specMarkdown,
    feedback: task.feedback,
  });
  const env: Record<string, string> = {
    ...minimalEnv(handover.home),
    ...config.env,
    CODECOT_SPEC_FILE: handover.specFile,
    CODECOT_SPEC_JSON: task.specJson,
    CODECOT_ITERATION: String(task.iteration),
    ...(handover.feedbackFile !== undefined && { CODECOT_FEEDBACK_FILE: handover.feedbackFile }),
  };
  const timeoutMs = config.timeoutMs ?? 30 * 60_000;
  config.logger.info(
    { program, iteration: task.iteration, allowHosts: config.allowHosts ?? [] },
    'external agent started',
  );
  let result: SandboxResult;
  try {
    result = await task.sandbox.run({
      argv: ['sh', '-c', config.command],
      workspace: task.workspace,
      env,
      timeoutMs,
      maxOutputBytes: config.maxOutputBytes ?? 1024 * 1024,
      ...(config.allowHosts?.length ? { allowHosts: config.allowHosts } : {}),
      signal: task.signal,
    });
  } catch (error) {
    throw new CodecotError('sandbox_error', `the sandbox could not start the external agent ${program}`, {
      cause: error,
    });
  } finally {
    await removeHandover(task.workspace);
  }
  if (task.signal.aborted) throw task.signal.reason;

  const clean = (text: string, maxChars: number) => redactAll(tail(text.trim(), maxChars), config.env);
  config.logger.info(
    {
      program,
      exitCode: result.exitCode,
      signal: result.signal,
      timedOut: result.timedOut,
      ms: result.durationMs,
    },
    'external agent ended',
  );
  const output = [clean(result.stdout, 1000), clean(result.stderr, 1500)].filter(Boolean).join('\n---\n');
  if (result.timedOut) {
    const message = `the external agent ${program} ran out of time (${Math.round(timeoutMs / 1000)} s); last output:\n${output}`;
    throw new CodecotError('budget_exhausted', message);
  }
  if (result.exitCode !== 0) {
    const status =
      result.exitCode === null ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
    throw new CodecotError(
      'sandbox_error',
      `the external agent ${program} ${status}; last output:\n${output}`,
    );
  }
  try {
    task.onProgress(1, `${program} finished`);
  } catch (error) {
    config.logger.warn({ err: error }, 'agent progress callback failed');
  }
  const summary = clean(result.stdout, 2000) || `(${program} printed nothing)`;
  return { summary, steps: 1, inputTokens: 0, outputTokens: 0, model: null };
}

/** Masks the configured secrets (and every known token shape), including the agent's own key. */
function redactAll(text: string, env: Record<string, string> | undefined): string {
  const own = Object.values(env ?? {}).filter((value) => value.length >= 6);
  return redact(own.length > 0 ? redact(text, own) : text);
}
