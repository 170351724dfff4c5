// `npm run bench`: each benchmark prints its figures measured side by side in one run.
import { passiveTokens } from './passive-tokens.ts';
import { sandboxOverhead } from './sandbox-overhead.ts';
import { workspacePrepare } from './workspace-prepare.ts';

const line = (label: string, value: string) => process.stdout.write(`${label.padEnd(58)} ${value}\n`);

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

process.stdout.write('\n# Sandbox overhead per command (/bin/true, median of 50, interleaved)\n');
const sandbox = await sandboxOverhead(50);
line('plain spawn', `${sandbox.plainMs.toFixed(1)} ms`);
line('through bwrap', `${sandbox.bwrapMs.toFixed(1)} ms`);
line('added by the sandbox (target <= 10 ms)', `${sandbox.addedMs.toFixed(1)} ms`);

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
