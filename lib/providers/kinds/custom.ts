import { defineKindPreset } from "./define";

/** Any other server with an OpenAI-compatible `/v1`. */
export const customPreset = defineKindPreset({
  preset: {
    kind: "custom",
    label: "Custom (any OpenAI-compatible /v1)",
    baseUrl: "http://localhost:8000/v1",
    concurrency: 4,
    timeoutMs: 60_000,
    expectsV1: false,
    docs: "",
  },
  seedEnv: {},
});
