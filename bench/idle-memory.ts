// Idle memory of `node src/main.ts` as `npm start` runs it, with Slack (HTTP events, fake Web API),
// Discord (fake gateway), a model (fake OpenAI), GitHub (fake) and the database connected: VmRSS from
// /proc/<pid>/status once it has settled, GC not forced (target: at most 150 MB). PostgreSQL and the
// embedded PGlite are measured alternately in one run.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDiscord } from '../test/fakes/discord/index.ts';
import { FakeGitHub } from '../test/fakes/github/index.ts';
import { createFakeOpenAI } from '../test/fakes/openai/index.ts';
import { FAKE_BOT_TOKEN, FAKE_SIGNING_SECRET, startFakeSlack } from '../test/fakes/slack/index.ts';
import { createScratchDatabase, dropScratchDatabase } from '../test/helpers/database.ts';
import { benchServerUrl } from './ingest-world.ts';
import { median } from './stats.ts';

export interface IdleMemoryResult {
  settleSeconds: number;
  runs: number;
  /** Median VmRSS in MB. */
  postgresMb: number;
  pgliteMb: number;
  /** On PostgreSQL started as plain `node src/main.ts`, without npm start's V8 settings. */
  postgresPlainNodeMb: number;
  /** The V8 settings `npm start` passes (read from package.json). */
  startFlags: string[];
}

/** The flags between `node` and `src/main.ts` in package.json's start script: what ships. */
export function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const words = String(pkg.scripts.start).split(/\s+/);
  return words.slice(words.indexOf('node') + 1, words.indexOf('src/main.ts'));
}

const rssMb = (pid: number) => {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb) / 1024;
};

async function waitForOutput(child: ChildProcess, output: () => string, count: number, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (output().split('chat platform connected').length - 1 < count) {
    if (child.exitCode !== null) throw new Error(`codecot exited early:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`codecot did not connect in time:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function measureOnce(
  env: Record<string, string>,
  settleSeconds: number,
  nodeFlags: string[] = [],
): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-idle-'));
  const child = spawn(process.execPath, [...nodeFlags, 'src/main.ts'], {
    cwd: new URL('..', import.meta.url).pathname,
    env: { PATH: process.env.PATH ?? '', PORT: '0', CODECOT_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const exited = new Promise((done) => child.once('exit', done));
  try {
    await waitForOutput(child, () => out, 2);
    await new Promise((resolve) => setTimeout(resolve, settleSeconds * 1_000));
    return rssMb(child.pid ?? 0);
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function idleMemory(settleSeconds = 10, runs = 2): Promise<IdleMemoryResult> {
  const slack = await startFakeSlack();
  const discord = await FakeDiscord.start();
  discord.addGuild({
    id: '100000000000000001',
    name: 'HQ',
    systemChannelId: '100000000000000002',
    channels: [{ id: '100000000000000002', name: 'general' }],
  });
  const github = await FakeGitHub.start();
  const openai = await createFakeOpenAI({ apiKey: 'sk-bench-0123456789abcdef' });
  const server = benchServerUrl();
  const common = {
    SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
    SLACK_SIGNING_SECRET: FAKE_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: `${discord.url}/api`,
    OPENAI_API_KEY: 'sk-bench-0123456789abcdef',
    OPENAI_BASE_URL: openai.baseURL,
    GITHUB_TOKEN: github.token,
    GITHUB_API_URL: github.url,
  };
  try {
    const postgres: number[] = [];
    const pglite: number[] = [];
    const plainNode: number[] = [];
    const flags = startFlags();
    const onPostgres = async (into: number[], flags: string[] = []) => {
      const url = await createScratchDatabase(server);
      try {
        into.push(await measureOnce({ ...common, DATABASE_URL: url }, settleSeconds, flags));
      } finally {
        await dropScratchDatabase(server, new URL(url).pathname.slice(1));
      }
    };
    for (let run = 0; run < runs; run += 1) {
      const steps = [
        () => onPostgres(postgres, flags),
        async () => {
          pglite.push(await measureOnce(common, settleSeconds, flags));
        },
        () => onPostgres(plainNode),
      ];
      for (let i = 0; i < steps.length; i += 1) await steps[(run + i) % steps.length]?.();
    }
    return {
      settleSeconds,
      runs,
      postgresMb: median(postgres),
      pgliteMb: median(pglite),
      postgresPlainNodeMb: median(plainNode),
      startFlags: flags,
    };
  } finally {
    await openai.close();
    await github.close();
    await discord.close();
    await slack.close();
  }
}
