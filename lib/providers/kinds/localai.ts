import { defineKindPreset } from "./define";

/** LocalAI (QUIRKS.md, "LocalAI"). */
export const localaiPreset = defineKindPreset({
  preset: {
    kind: "localai",
    label: "LocalAI",
    baseUrl: "http://localhost:8080/v1",
    concurrency: 2,
    timeoutMs: 120_000,
    expectsV1: true,
    port: 8080,
    docs: "https://localai.io/features/openai-functions/",
  },
  seedEnv: { url: ["LOCALAI_URL"] },
});
