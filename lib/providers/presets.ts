/**
 * Provider kinds and their presets: one declarative entry per kind (DESIGN.md, "preset").
 * Isomorphic: the form pre-fills from these. Server-only adjustments (the OpenAI key from
 * OPENAI_API_KEY, the Ollama host in the compose network) live in lib/server/providers/presets.ts.
 */
export const PROVIDER_KINDS = ["openai", "ollama", "lmstudio", "vllm", "localai", "llamacpp", "custom"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export type Preset = {
  kind: ProviderKind;
  label: string;
  baseUrl: string;
  /** The key SDKs need even where the server ignores it (Ollama, LM Studio). */
  apiKey?: string;
  defaultModel?: string;
  embeddingModel?: string;
  /** Local servers usually run one request at a time. */
  concurrency: number;
  timeoutMs: number;
  /** Whether the documented base URL ends in /v1 (a missing suffix earns a hint). */
  expectsV1: boolean;
  /** The default port, used by discovery. */
  port?: number;
  docs: string;
};

export const PRESETS: Record<ProviderKind, Preset> = {
  openai: {
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
  ollama: {
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
  lmstudio: {
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
  vllm: {
    kind: "vllm",
    label: "vLLM",
    baseUrl: "http://localhost:8000/v1",
    concurrency: 8,
    timeoutMs: 120_000,
    expectsV1: true,
    port: 8000,
    docs: "https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html",
  },
  localai: {
    kind: "localai",
    label: "LocalAI",
    baseUrl: "http://localhost:8080/v1",
    concurrency: 2,
    timeoutMs: 120_000,
    expectsV1: true,
    port: 8080,
    docs: "https://localai.io/features/openai-functions/",
  },
  llamacpp: {
    kind: "llamacpp",
    label: "llama.cpp server",
    baseUrl: "http://localhost:8080/v1",
    concurrency: 1,
    timeoutMs: 120_000,
    expectsV1: true,
    port: 8080,
    docs: "https://github.com/ggml-org/llama.cpp/tree/master/tools/server",
  },
  custom: {
    kind: "custom",
    label: "Custom (any OpenAI-compatible /v1)",
    baseUrl: "http://localhost:8000/v1",
    concurrency: 4,
    timeoutMs: 60_000,
    expectsV1: false,
    docs: "",
  },
};

/** Advice (not an error) about a base URL for a kind: e.g. the missing /v1 of a preset. */
export function baseUrlHints(kind: ProviderKind, baseUrl: string): string[] {
  const hints: string[] = [];
  const preset = PRESETS[kind];
  let path = "";
  try {
    path = new URL(baseUrl).pathname.replace(/\/+$/, "");
  } catch {
    return hints;
  }
  if (preset.expectsV1 && !path.endsWith("/v1")) {
    hints.push(
      `${preset.label} serves its OpenAI-compatible API under /v1 (e.g. ${preset.baseUrl}); this base URL does not end in /v1.`,
    );
  }
  return hints;
}
