import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModel } from 'ai';

export interface OpenAIModelConfig {
  apiKey: string | undefined;
  baseUrl: string | undefined;
  name: string;
  /** `responses` for OpenAI's Responses API; `chat` for Chat Completions (what most compatible servers speak). */
  api: 'responses' | 'chat';
}

/**
 * Builds the AI SDK model: OpenAI, or any OpenAI-compatible server through the base URL. Local
 * servers (Ollama, vLLM, LM Studio) need no key; the provider still sends a placeholder header.
 */
export function createModel(config: OpenAIModelConfig): { model: LanguageModel; modelName: string } {
  const provider = createOpenAI({
    apiKey: config.apiKey ?? 'not-needed',
    ...(config.baseUrl ? { baseURL: config.baseUrl } : {}),
  });
  const model = config.api === 'chat' ? provider.chat(config.name) : provider.responses(config.name);
  return { model, modelName: config.name };
}
