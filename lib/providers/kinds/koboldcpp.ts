import { defineKindPreset } from "./define";

/**
 * KoboldCpp (LostRuins/koboldcpp): a single-file llama.cpp server with its own KoboldAI API and
 * an OpenAI-compatible `/v1`. Default port 5001 (`defaultport` in koboldcpp.py;
 * /work/research/servers.md §6.1). It generates one request at a time.
 */
export const koboldcppPreset = defineKindPreset({
  preset: {
    kind: "koboldcpp",
    label: "KoboldCpp",
    baseUrl: "http://localhost:5001/v1",
    concurrency: 1,
    timeoutMs: 120_000,
    expectsV1: true,
    port: 5001,
    docs: "https://github.com/LostRuins/koboldcpp/wiki",
  },
  seedEnv: { url: ["KOBOLDCPP_URL"] },
});
