import "server-only";
import { getEnv } from "@/lib/env";
import { KIND_PRESETS } from "@/lib/providers/kinds";
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
 * On first start, creates one provider per kind whose seeding variables are set (each kind's
 * `seedEnv`: OPENAI_API_KEY, OLLAMA_URL or OLLAMA_HOST, LMSTUDIO_URL, …, KOBOLDCPP_URL). Runs
 * once per database: later edits and deletions in the UI are never undone by a restart.
 */
export async function seedProvidersFromEnv(): Promise<string[]> {
  if (await repo.readSetting(SEEDED)) return [];
  const { seed } = getEnv();
  const created: string[] = [];
  for (const { preset } of KIND_PRESETS) {
    const given = seed[preset.kind];
    // A key variable alone (OPENAI_API_KEY) seeds the preset's own base URL; the key is the preset's.
    const url = given?.url ?? (given?.apiKey ? preset.baseUrl : undefined);
    if (!url) continue;
    try {
      const fields = providerFieldsSchema.parse({
        name: preset.label,
        kind: preset.kind,
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
