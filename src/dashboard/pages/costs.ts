import { html, type SafeHtml } from '../html.ts';
import { table } from '../layout.ts';
import { estimateCost, formatDollars } from '../prices.ts';

/** Tokens per model with an estimated cost from the price table. */
export function tokensTable(
  rows: { model: string; input: number; output: number; calls: number }[],
): SafeHtml {
  const body = rows.map((r) => {
    const cost = estimateCost(r.model, r.input, r.output);
    return html`<tr><td>${r.model}</td><td class="num">${r.calls}</td><td class="num">${r.input}</td>
<td class="num">${r.output}</td><td class="num">${formatDollars(cost.dollars)}</td><td class="muted">${cost.note}</td></tr>`;
  });
  return table(
    ['Model', 'Calls', 'Input tokens', 'Output tokens', 'Est. cost', 'Price'],
    body,
    'No model call yet.',
  );
}

export function costLine(model: string | null, input: number, output: number): SafeHtml {
  const cost = estimateCost(model, input, output);
  return html`${input} in / ${output} out · est. ${formatDollars(cost.dollars)} <span class="muted">(${cost.note})</span>`;
}
