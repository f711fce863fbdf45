import { defineKindPreset } from "./define";

/** LM Studio (QUIRKS.md, "LM Studio"). */
export const lmstudioPreset = defineKindPreset({
  preset: {
    kind: "lmstudio",
    label: "LM Studio",
    baseUrl: "http://localhost:1234/v1",
    apiKey: "lm-studio",
    concurrency: 1,
    timeoutMs: 120_000,
    expectsV1: true,
    port: 1234,
    docs: "https://lmstudio.ai/docs/app/api/endpoints/openai",
  },
  seedEnv: { url: ["LMSTUDIO_URL"] },
});
