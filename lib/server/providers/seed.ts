import "server-only";
import { getEnv } from "@/lib/env";
import { PRESETS, type ProviderKind } from "@/lib/providers/presets";
import { providerFieldsSchema } from "@/lib/schemas/providers";
import * as repo from "./repository";
import { createProvider } from "./service";

const SEEDED = "providers.seededFromEnv";

/** `OLLAMA_HOST=127.0.0.1:11434` (Ollama's own variable) or a URL without /v1 → a base URL. */
export function toBaseUrl(value: string): string {
  const withScheme = /^https?:\/\//.test(value) ? value : `http://${value}`;
  const url = new URL(withScheme);
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.protocol}//${url.host}${path.endsWith("/v1") ? path : `${path}/v1`}`;
}

/**
 * On first start, creates one provider per configured variable (OPENAI_API_KEY, OLLAMA_URL
 * or OLLAMA_HOST, LMSTUDIO_URL, VLLM_URL, LOCALAI_URL, LLAMACPP_URL). Runs once per
 * database: later edits and deletions in the UI are never undone by a restart.
 */
export async function seedProvidersFromEnv(): Promise<string[]> {
  if (await repo.readSetting(SEEDED)) return [];
  const { seed } = getEnv();
  const wanted: [ProviderKind, string | undefined][] = [
    ["openai", seed.openaiApiKey ? PRESETS.openai.baseUrl : undefined],
    ["ollama", seed.ollamaUrl],
    ["lmstudio", seed.lmstudioUrl],
    ["vllm", seed.vllmUrl],
    ["localai", seed.localaiUrl],
    ["llamacpp", seed.llamacppUrl],
  ];
  const created: string[] = [];
  for (const [kind, url] of wanted) {
    if (!url) continue;
    const preset = PRESETS[kind];
    try {
      const fields = providerFieldsSchema.parse({
        name: preset.label,
        kind,
        baseUrl: toBaseUrl(url),
        defaultModel: preset.defaultModel,
        embeddingModel: preset.embeddingModel,
        timeoutMs: preset.timeoutMs,
        maxRetries: 2,
        concurrency: preset.concurrency,
        environments: ["development", "staging", "production"],
      });
      await createProvider(fields, null);
      created.push(preset.label);
    } catch (err) {
      console.error(
        `switchyard: could not seed the ${preset.label} provider from the environment: ${(err as Error).message}`,
      );
    }
  }
  await repo.writeSetting(SEEDED, { at: new Date().toISOString(), created });
  return created;
}
