// Composition root: the one file in src/ that builds adapters from config and starts everything.
import { createBuiltinAgent } from '../adapters/agents/builtin/index.ts';
import { createExternalAgent } from '../adapters/agents/external/index.ts';
import { createBwrapSandbox } from '../adapters/bwrap/index.ts';
import { createDiscordAdapter } from '../adapters/discord/index.ts';
import { createDockerSandbox } from '../adapters/docker/index.ts';
import { createGitWorkspaces } from '../adapters/git-workspace/index.ts';
import { createGitHubAppCodeHost, createGitHubCodeHost } from '../adapters/github/index.ts';
import { createGitHubWebhooks } from '../adapters/github/webhooks/index.ts';
import { createLocalSandbox } from '../adapters/local/index.ts';
import { createLocalGitCodeHost } from '../adapters/local-git/index.ts';
import { createModel } from '../adapters/openai/index.ts';
import { playgroundEnabled, playgroundNotices } from '../adapters/playground/defaults.ts';
import { createPlaygroundAdapter } from '../adapters/playground/index.ts';
import { localPullsOf, prepareConfig, publicBaseUrl } from '../adapters/playground/setup.ts';
import { createSlackAdapter } from '../adapters/slack/index.ts';
import { startCodecot } from './app.ts';
import { type Config, loadConfig, secretsOf } from './config.ts';
import { createAccessGuard, localPullPath } from './dashboard/index.ts';
import { isCodecotError } from './errors.ts';
import { createLogger, type Logger } from './logger.ts';
import type { ExecutionDeps } from './pipeline/context.ts';
import type { ChatPlatform } from './ports/chat-platform.ts';
import type { CodeHost } from './ports/code-host.ts';
import type { Sandbox } from './ports/sandbox.ts';
import { addSecrets, registerSecrets } from './redact.ts';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (isCodecotError(error, 'config_invalid')) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

function buildChats(config: Config, logger: Logger): ChatPlatform[] {
  const chats: ChatPlatform[] = [];
  if (config.slack) chats.push(createSlackAdapter({ ...config.slack, logger }));
  if (config.discord) chats.push(createDiscordAdapter({ ...config.discord, logger }));
  return chats;
}

function buildCodeHost(config: Config, logger: Logger): CodeHost | undefined {
  const { apiUrl, token, app } = config.github ?? {};
  // Each installation token the App mints is masked in logs from the moment it exists.
  if (app) return createGitHubAppCodeHost({ ...app, apiUrl, logger, onSecrets: addSecrets });
  if (token) return createGitHubCodeHost({ token, apiUrl, logger });
  if (config.localGitRoot) return createLocalGitCodeHost({ root: config.localGitRoot, logger });
  return undefined;
}

function buildSandbox(config: Config): Sandbox {
  if (config.sandbox.backend === 'local') return createLocalSandbox();
  if (config.sandbox.backend === 'docker') return createDockerSandbox({ image: config.sandbox.dockerImage });
  return createBwrapSandbox();
}

/** Executions need a code host, an agent and a sandbox that passed its self-check; never a weaker fallback. */
async function buildExecution(
  config: Config,
  logger: Logger,
  model: ReturnType<typeof createModel> | undefined,
  codeHost: CodeHost | undefined,
): Promise<ExecutionDeps | undefined> {
  const agent = config.agentCommand
    ? createExternalAgent({
        command: config.agentCommand,
        allowHosts: [...config.agent.allowHosts],
        env: { ...config.agent.env },
        timeoutMs: config.agent.timeoutSeconds * 1_000,
        logger,
      })
    : model
      ? createBuiltinAgent({
          ...model,
          maxSteps: config.agent.maxSteps,
          timeoutMs: config.agent.timeoutSeconds * 1_000,
          logger,
        })
      : undefined;
  const missing = [
    !codeHost && 'a code host (GITHUB_TOKEN, GITHUB_APP_ID or CODECOT_LOCAL_GIT_ROOT)',
    !agent && 'an agent (a model, or CODECOT_AGENT_COMMAND)',
  ].filter(Boolean);
  if (!codeHost || !agent) {
    logger.warn({ missing }, 'executions are disabled: approvals are recorded and runs wait in the queue');
    return undefined;
  }
  const sandbox = buildSandbox(config);
  try {
    await sandbox.selfCheck();
  } catch (error) {
    logger.error(
      { err: error, sandbox: sandbox.name },
      'sandbox self-check failed: executions are disabled (no weaker fallback)',
    );
    return undefined;
  }
  if (!sandbox.isolated)
    logger.warn(
      { sandbox: sandbox.name },
      'executions run WITHOUT isolation, as configured; every spec says so',
    );
  return {
    sandbox,
    agent,
    codeHost,
    workspaces: createGitWorkspaces({ dataDir: config.database.dataDir, logger }),
    maxAttempts: config.agent.maxAttempts,
    sandboxEnv: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/tmp', LANG: 'C.UTF-8', CI: 'true' },
  };
}

const config = readConfig();
registerSecrets(secretsOf(config));
const logger = createLogger(config.logLevel);

process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

try {
  // With no Slack or Discord, the local playground is the chat, on the sample repository.
  const settings = await prepareConfig(config, logger);
  const model = settings.model.configured ? createModel(settings.model) : undefined;
  const codeHost = buildCodeHost(settings, logger);
  const execution = await buildExecution(settings, logger, model, codeHost);
  let baseUrl = publicBaseUrl(settings.host, settings.port);
  const playground = playgroundEnabled(settings)
    ? createPlaygroundAdapter({
        logger,
        baseUrl: () => baseUrl,
        notices: () => playgroundNotices(settings, execution !== undefined),
        rewriteLink: localPullPath,
        authorize: createAccessGuard(settings.dashboardToken),
      })
    : undefined;
  const codecot = await startCodecot(settings, logger, {
    chats: [...buildChats(settings, logger), ...(playground ? [playground] : [])],
    model,
    codeHost,
    execution,
    localPulls: localPullsOf(codeHost),
    codeHostWebhooks: settings.github?.webhookSecret
      ? createGitHubWebhooks({ secret: settings.github.webhookSecret, logger })
      : undefined,
  });
  baseUrl = publicBaseUrl(settings.host, codecot.port);
  if (playground) logger.info({ url: `${baseUrl}/playground` }, 'playground ready: open it in a browser');
  logger.info({ url: `${baseUrl}/dashboard` }, 'dashboard ready');
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'signal received');
    codecot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  logger.fatal({ err: error }, 'codecot failed to start');
  process.exit(1);
}
