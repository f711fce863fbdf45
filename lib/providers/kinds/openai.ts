import { defineKindPreset } from "./define";

/** OpenAI itself: the cloud contrast to the local servers (QUIRKS.md). */
export const openaiPreset = defineKindPreset({
  preset: {
    kind: "openai",
    label: "OpenAI",
    baseUrl: "https://api.openai.com/v1",
    defaultModel: "gpt-4o-mini",
    embeddingModel: "text-embedding-3-small",
    concurrency: 8,
    timeoutMs: 60_000,
    expectsV1: true,
    docs: "https://platform.openai.com/docs/api-reference",
  },
  // Also the preset's key: a new OpenAI provider left blank uses it (it never reaches the browser).
  seedEnv: { apiKey: "OPENAI_API_KEY" },
});
