import { defineKindPreset } from "./define";

/** llama.cpp's `llama-server` (QUIRKS.md, "llama.cpp"). */
export const llamacppPreset = defineKindPreset({
  preset: {
    kind: "llamacpp",
    label: "llama.cpp server",
    baseUrl: "http://localhost:8080/v1",
    concurrency: 1,
    timeoutMs: 120_000,
    expectsV1: true,
    port: 8080,
    docs: "https://github.com/ggml-org/llama.cpp/tree/master/tools/server",
  },
  seedEnv: { url: ["LLAMACPP_URL"] },
});
