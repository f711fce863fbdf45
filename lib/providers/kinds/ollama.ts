import { defineKindPreset } from "./define";

/** Ollama (QUIRKS.md, "Ollama"). */
export const ollamaPreset = defineKindPreset({
  preset: {
    kind: "ollama",
    label: "Ollama",
    baseUrl: "http://localhost:11434/v1",
    apiKey: "ollama",
    defaultModel: "llama3.1",
    embeddingModel: "nomic-embed-text",
    concurrency: 1,
    timeoutMs: 120_000,
    expectsV1: true,
    port: 11434,
    docs: "https://github.com/ollama/ollama/blob/main/docs/openai.md",
  },
  // OLLAMA_HOST=127.0.0.1:11434 works as Ollama itself reads it.
  seedEnv: { url: ["OLLAMA_URL", "OLLAMA_HOST"] },
  composeService: "ollama",
});
