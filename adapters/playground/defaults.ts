import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config.ts';

/** The repository the playground works on, seeded from samples/widgets on first run. */
export const SAMPLE_REPO = 'local/widgets';
/** The page's default name is "you"; as an approver it can approve its own first request. */
export const PLAYGROUND_APPROVER = 'local:you';

/** On when asked for, and by default whenever neither Slack nor Discord is configured. */
export function playgroundEnabled(config: Config): boolean {
  if (config.playground === 'off') return false;
  return config.playground === 'on' || (!config.slack && !config.discord);
}

/**
 * Fills in what the playground needs, only where the operator set nothing: the local-git code host
 * on `<data>/repos` (unless GitHub is configured), the sample repository as the default one, and the
 * page's default user as the approver.
 */
export function withPlaygroundDefaults(config: Config): Config {
  const github = config.github !== undefined;
  const dataDir =
    config.database.dataDir === 'memory://'
      ? join(tmpdir(), `codecot-playground-${process.pid}`)
      : config.database.dataDir;
  return Object.freeze({
    ...config,
    approvers: config.approvers.length > 0 ? config.approvers : [PLAYGROUND_APPROVER],
    defaultRepo: config.defaultRepo ?? (github ? undefined : SAMPLE_REPO),
    localGitRoot: config.localGitRoot ?? (github ? undefined : join(dataDir, 'repos')),
  });
}

export const NO_MODEL_BANNER =
  'No model is configured, so Codecot cannot draft specs or run its built-in agent yet. ' +
  'For a local Ollama, restart with OPENAI_BASE_URL=http://localhost:11434/v1 CODECOT_MODEL=llama3.1 ' +
  'CODECOT_MODEL_API=chat; for OpenAI, set OPENAI_API_KEY. Channels, threads, reactions, /codecot ' +
  'commands and the dashboard work meanwhile.';

export const NO_EXECUTION_BANNER =
  'Executions are disabled: approved specs are recorded but nothing runs. The log line ' +
  '"executions are disabled" names what is missing (a code host, an agent, or a sandbox that passes its self-check).';

/** The banners on top of the page: what is not set up, and exactly what to set. */
export function playgroundNotices(config: Config, executionsEnabled: boolean): string[] {
  if (!config.model.configured) return [NO_MODEL_BANNER];
  return executionsEnabled ? [] : [NO_EXECUTION_BANNER];
}
