// `npm run bench`: each benchmark prints its figures measured side by side in one run.
import { passiveTokens } from './passive-tokens.ts';

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
