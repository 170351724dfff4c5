/**
 * Deterministic stand-in for a tokenizer: one token per started group of 4 characters
 * (Math.ceil(chars / 4)), so tests can predict usage exactly.
 *
 * - input tokens  = estimateTokens(request.messagesText)  (see message-text.ts)
 * - output tokens = estimateTokens(answer text + for each tool call: name + JSON arguments)
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function answerTokenText(text: string, toolCalls: ReadonlyArray<{ name: string; arguments: string }>) {
  return text + toolCalls.map((call) => call.name + call.arguments).join('');
}
