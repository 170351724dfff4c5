// `npm run bench`: each benchmark prints its figures measured side by side in one run.
// `npm run bench -- slack-ack idle-memory` runs only the named ones.
import { loadavg } from 'node:os';
import { approvalToPr } from './approval-to-pr.ts';
import { idleMemory } from './idle-memory.ts';
import { ingestThroughput } from './ingest-throughput.ts';
import { passiveTokens } from './passive-tokens.ts';
import { sandboxOverhead } from './sandbox-overhead.ts';
import { slackAck } from './slack-ack.ts';
import { workspacePrepare } from './workspace-prepare.ts';

const line = (label: string, value: string) => process.stdout.write(`${label.padEnd(58)} ${value}\n`);
const ms = (value: number) => `${value.toFixed(1)} ms`;
/** The machine is shared (2 cores): the load says how much to trust a latency figure. */
const load = () => line('load average over the last minute, at the end', (loadavg()[0] ?? 0).toFixed(1));

const benchmarks: Record<string, () => Promise<void>> = {
  'passive-tokens': async () => {
    process.stdout.write(
      '\n# Passive listening: tokens sent per token heard (1,000 generated channel messages)\n',
    );
    const tokens = await passiveTokens(1_000, true);
    const unfiltered = await passiveTokens(1_000, false);
    line('messages heard', String(tokens.messages));
    line('tokens of the messages themselves', String(tokens.messageTokens));
    line('model reads: with prefilter / every quiet burst', `${tokens.windows} / ${unfiltered.windows}`);
    line('tokens sent (prompt + schema): with prefilter', String(tokens.sentTokens));
    line('ratio, incremental with prefilter (default; target <= 1.5)', tokens.ratio.toFixed(2));
    line('ratio, incremental without prefilter', unfiltered.ratio.toFixed(2));
    line('ratio, naive re-read of the whole history each burst', tokens.naiveRatio.toFixed(2));
    line('naive / incremental with prefilter', `${(tokens.naiveRatio / tokens.ratio).toFixed(1)}x`);
  },
  'sandbox-overhead': async () => {
    process.stdout.write('\n# Sandbox overhead per command (/bin/true, median of 50, interleaved)\n');
    const sandbox = await sandboxOverhead(50);
    line('plain spawn', `${sandbox.plainMs.toFixed(1)} ms`);
    line('through bwrap', `${sandbox.bwrapMs.toFixed(1)} ms`);
    line('added by the sandbox (target <= 10 ms)', `${sandbox.addedMs.toFixed(1)} ms`);
  },
  'workspace-prepare': async () => {
    process.stdout.write(
      '\n# Preparing a workspace (300 files, 400 commits, over HTTP; median of 10, interleaved)\n',
    );
    const ws = await workspacePrepare(10);
    line('fresh clone', `${ws.freshCloneMs.toFixed(0)} ms`);
    line('warm mirror (push seen; API check + spare checkout)', `${ws.warmMirrorMs.toFixed(0)} ms`);
    line('warm mirror without a spare checkout', `${ws.withoutSpareMs.toFixed(0)} ms`);
    line('push not yet seen (fetch on the waiting path)', `${ws.unrefreshedMs.toFixed(0)} ms`);
    line('warm / fresh (target <= 0.2)', ws.ratio.toFixed(2));
    line('push not yet seen / fresh', ws.unrefreshedRatio.toFixed(2));
  },
  'slack-ack': async () => {
    const ack = await slackAck(30, 50);
    process.stdout.write(
      `\n# Slack acknowledgement latency (${ack.ratePerSecond} req/s open loop, ${ack.requestsEach} signed message events each, alternating segments; PostgreSQL)\n`,
    );
    line('bare Bolt HTTPReceiver, ack only: p50 / p99', `${ms(ack.bolt.p50)} / ${ms(ack.bolt.p99)}`);
    line('Codecot full ingest path: p50 / p99', `${ms(ack.codecot.p50)} / ${ms(ack.codecot.p99)}`);
    line(
      'floor, Bolt acking after 1 committed INSERT: p50 / p99',
      `${ms(ack.boltInsert.p50)} / ${ms(ack.boltInsert.p99)}`,
    );
    line(
      'failed requests: Codecot / Bolt / Bolt + INSERT',
      `${ack.codecot.failures} / ${ack.bolt.failures} / ${ack.boltInsert.failures}`,
    );
    line('p50 ratio', (ack.codecot.p50 / ack.bolt.p50).toFixed(2));
    line('p99 ratio (target <= 1.25)', ack.p99Ratio.toFixed(2));
    line('worst lateness of the load generator', ms(ack.maxSendLagMs));
    load();
  },
  'ingest-throughput': async () => {
    const tp = await ingestThroughput(10, 3);
    process.stdout.write(
      `\n# Ingest throughput on PostgreSQL (sink called directly, no HTTP; ${tp.clients} clients; median of ${tp.rounds} rounds of ${tp.secondsEach} s, alternating)\n`,
    );
    line('Codecot: messages ingested per second', tp.codecotPerSecond.toFixed(0));
    line('inbox drained after the last accept within', `${tp.drainLagSeconds.toFixed(2)} s`);
    line('pgbench: single-INSERT transactions per second', tp.pgbenchPerSecond.toFixed(0));
    line('Codecot / pgbench (target >= 0.5)', tp.ratio.toFixed(2));
    line('pgbench ran', tp.pgbenchCommand);
    process.stdout.write(`  insert.sql: ${tp.pgbenchScript}\n`);
    load();
  },
  'approval-to-pr': async () => {
    const run = await approvalToPr(5);
    const m = run.median;
    process.stdout.write(
      `\n# Approval -> pull request link posted (in-process product, instant model and agent, ${run.engine}; median of ${run.runs})\n`,
    );
    line('approval job (pickup, votes, "approved" post)', ms(m.approvalJob));
    line('execute job pickup (repository and base lookups)', ms(m.executePickup));
    line('prepare workspace (baseline checks excluded)', ms(m.prepareWorkspace));
    line('agent (scripted)', ms(m.agent));
    line('validation (checks excluded: diff, scope)', ms(m.validation));
    line('push', ms(m.push));
    line('pull request create', ms(m.prCreate));
    line('post the link', ms(m.post));
    line('checks own time, excluded', ms(m.checksExcluded));
    line('total without checks (target <= 2000 ms)', ms(m.total));
    line('totals of each run', run.all.map((r) => r.total.toFixed(0)).join(', '));
    load();
  },
  'idle-memory': async () => {
    const mem = await idleMemory(10, 2);
    process.stdout.write(
      `\n# Idle memory of node src/main.ts (Slack, Discord, model, GitHub configured; VmRSS after ${mem.settleSeconds} s; median of ${mem.runs})\n`,
    );
    line('node flags of npm start', mem.startFlags.join(' '));
    line('on PostgreSQL (target <= 150 MB)', `${mem.postgresMb.toFixed(0)} MB`);
    line('on embedded PGlite', `${mem.pgliteMb.toFixed(0)} MB`);
    line('on PostgreSQL, plain node src/main.ts', `${mem.postgresPlainNodeMb.toFixed(0)} MB`);
    load();
  },
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in benchmarks));
if (unknown.length > 0) {
  process.stderr.write(
    `unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}\n`,
  );
  process.exit(1);
}
for (const [name, run] of Object.entries(benchmarks)) {
  if (asked.length === 0 || asked.includes(name)) await run();
}
