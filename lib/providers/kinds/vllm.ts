import { defineKindPreset } from "./define";

/** vLLM (QUIRKS.md, "vLLM"). */
export const vllmPreset = defineKindPreset({
  preset: {
    kind: "vllm",
    label: "vLLM",
    baseUrl: "http://localhost:8000/v1",
    concurrency: 8,
    timeoutMs: 120_000,
    expectsV1: true,
    port: 8000,
    docs: "https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html",
  },
  seedEnv: { url: ["VLLM_URL"] },
});
