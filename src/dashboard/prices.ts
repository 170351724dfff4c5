/**
 * List prices in US dollars per million tokens (input, output), for an estimate only: the bill is
 * the provider's. Local models (Ollama, vLLM) cost nothing per token; unknown names get no estimate.
 */
const PRICES: Record<string, { input: number; output: number }> = {
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  o3: { input: 2, output: 8 },
  'o4-mini': { input: 1.1, output: 4.4 },
};

const LOCAL_MODEL = /^(llama|qwen|mistral|mixtral|gemma|phi|deepseek|codellama|starcoder)/i;

export interface CostEstimate {
  /** Dollars, or undefined when the model's price is unknown. */
  dollars: number | undefined;
  note: string;
}

/** The price entry whose name is the longest prefix of the model name (dated snapshots included). */
function priceOf(model: string) {
  const name = model.toLowerCase();
  const key = Object.keys(PRICES)
    .filter((k) => name === k || name.startsWith(`${k}-`))
    .sort((a, b) => b.length - a.length)[0];
  return key ? { key, price: PRICES[key] as { input: number; output: number } } : undefined;
}

export function estimateCost(model: string | null, input: number, output: number): CostEstimate {
  if (!model) return { dollars: undefined, note: 'no model recorded' };
  if (LOCAL_MODEL.test(model)) return { dollars: 0, note: `${model} runs locally: no per-token price` };
  const found = priceOf(model);
  if (!found) return { dollars: undefined, note: `no price known for ${model}` };
  const dollars = (input * found.price.input + output * found.price.output) / 1_000_000;
  return {
    dollars,
    note: `${found.key} at $${found.price.input} in / $${found.price.output} out per 1M tokens`,
  };
}

export function formatDollars(dollars: number | undefined): string {
  if (dollars === undefined) return 'n/a';
  return dollars < 0.01 && dollars > 0 ? `$${dollars.toFixed(4)}` : `$${dollars.toFixed(2)}`;
}
