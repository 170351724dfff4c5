import { secretsOf } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { registerSecrets } from '../../src/redact.ts';
import { startSlackDriver } from '../e2e/slack-driver.ts';
import { type E2EWorld, startE2EWorld } from '../e2e/world.ts';

// Secrets in real-looking shapes: what Codecot is configured with, and look-alikes people paste.

/** Codecot's own credentials, as an operator would configure them. */
export const CONFIGURED = {
  slackBotToken: 'xoxb-7301928475-7402938475610-Zq8RkT2mVwXy4LpN6sHjC3dF',
  slackSigningSecret: '8f3a9c2e7b1d4f60a5e8c3b9d2f7a1e4',
  githubToken: 'ghp_R7mK2pQ9vX4sT8wL3nB6yH1jF5dC0gZaE2uW',
  openaiKey: 'sk-proj-Hq3Lz8Vt1Nw6Rb4Xc9Mk2Pj7Sd5Fg0Ay-Tu8Ei3Oz6Ww1Qr4',
  webhookSecret: 'c0d3c0t-hook-5Fq9Lx2Rz7Vn4Tb8',
  dashboardToken: 'dash-4Jk9Qw2Ze7Rt5Yu1Io3Pa8Sd6Fg0Hj',
} as const;

const PEM_BODY = [
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj',
  'MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu',
];

/** Generic look-alikes someone might paste or a program might print; none is configured. */
export const LOOKALIKES = {
  ghp: 'ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8',
  githubPat:
    'github_pat_11ABCDEFG0123456789abc_ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210zyxwvutsrqponmlkjihgfedcbaQRST',
  xoxb: 'xoxb-1111111111-2222222222222-AbCdEfGhIjKlMnOpQrStUvWx',
  xoxp: 'xoxp-3333333333-4444444444-5555555555555-0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  xapp: 'xapp-1-A0LOOKALIKE-6666666666666-9f8e7d6c5b4a39281706f5e4d3c2b1a0',
  sk: 'sk-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90Uv12',
  skProj: 'sk-proj-Zy98Xw76Vu54Ts32Rq10Po98On76Ml54Kj32Ih10Gf98',
  awsKeyId: 'AKIAZ7Q2XK4LM9PN3R5T',
  awsSecret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8v3Kp1Lm',
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjb2RlY290LXRlc3QiLCJpYXQiOjE3MTIwMDAwMDB9.4pYc2Rk9Q1mJ7hXb0vN3sT6wLz8eK5aG2fD1jU9iO0c',
  bearer: '9f8e7d6c5b4a3928170f-opaque-session-4d3c2b1a0f',
  pem: `-----BEGIN PRIVATE KEY-----\n${PEM_BODY.join('\n')}\n-----END PRIVATE KEY-----`,
} as const;

/**
 * How each secret shows up in text: look-alikes in the context they are usually written in (an opaque
 * bearer token or AWS secret key is recognisable only by its header or name), then Codecot's own.
 */
export function plantedLines(): string[] {
  const L = LOOKALIKES;
  return [
    `GITHUB_TOKEN=${L.ghp} (fine-grained: ${L.githubPat})`,
    `slack: ${L.xoxb} ${L.xoxp} ${L.xapp}`,
    `openai: OPENAI_API_KEY=${L.sk} and ${L.skProj}`,
    `aws_access_key_id = ${L.awsKeyId}`,
    `aws_secret_access_key = ${L.awsSecret}`,
    `session jwt ${L.jwt}`,
    `curl -H "Authorization: Bearer ${L.bearer}" https://api.example.com`,
    L.pem,
    `ours: ${Object.values(CONFIGURED).join(' ')}`,
  ];
}

export const plantedText = (): string => plantedLines().join('\n');

/** The substrings that must never leave: each secret, the PEM body lines, the configured tokens' base64 forms. */
export function forbiddenProbes(): { name: string; probe: string }[] {
  const probes: { name: string; probe: string }[] = [];
  for (const [name, value] of Object.entries(LOOKALIKES)) {
    if (name !== 'pem') probes.push({ name, probe: value });
    else for (const [i, line] of PEM_BODY.entries()) probes.push({ name: `pem line ${i + 1}`, probe: line });
  }
  for (const [name, value] of Object.entries(CONFIGURED)) {
    probes.push({ name, probe: value });
    for (const form of [value, `x-access-token:${value}`]) {
      probes.push({ name: `${name} (base64)`, probe: Buffer.from(form).toString('base64') });
      probes.push({ name: `${name} (base64url)`, probe: Buffer.from(form).toString('base64url') });
    }
  }
  return probes;
}

/** Which secrets `text` carries (names, deduplicated); [] when it is clean. */
export function leaksIn(text: string): string[] {
  return [...new Set(forbiddenProbes().flatMap(({ name, probe }) => (text.includes(probe) ? [name] : [])))];
}

export interface SecretsWorld {
  world: E2EWorld;
  driver: Awaited<ReturnType<typeof startSlackDriver>>;
  /** Every log line Codecot wrote, at level trace, as pino serialised it. */
  logLines: string[];
  stop(): Promise<void>;
}

/**
 * The whole product on Slack, configured with CONFIGURED and logging at trace into memory, built as
 * src/main.ts builds it: the configured secrets are registered before the logger is created.
 */
export async function startSecretsWorld(): Promise<SecretsWorld> {
  const logLines: string[] = [];
  const driver = await startSlackDriver({
    botToken: CONFIGURED.slackBotToken,
    signingSecret: CONFIGURED.slackSigningSecret,
  });
  try {
    const world = await startE2EWorld(driver.setup, {
      approver: driver.idOf('approver'),
      modelApi: 'responses',
      openaiKey: CONFIGURED.openaiKey,
      github: { token: CONFIGURED.githubToken },
      env: {
        GITHUB_WEBHOOK_SECRET: CONFIGURED.webhookSecret,
        CODECOT_DASHBOARD_TOKEN: CONFIGURED.dashboardToken,
        CODECOT_CI_POLL_SECONDS: '1',
        CODECOT_MAX_ATTEMPTS: '1',
      },
      logger: (config) => {
        registerSecrets(secretsOf(config));
        return createLogger('trace', { write: (line: string) => void logLines.push(line) });
      },
    });
    driver.attach(world.codecot);
    return {
      world,
      driver,
      logLines,
      async stop() {
        await world.stop();
        await driver.close();
        registerSecrets([]);
      },
    };
  } catch (error) {
    await driver.close();
    registerSecrets([]);
    throw error;
  }
}
