import "server-only";
import fs from "node:fs";
import { getEnv } from "@/lib/env";
import { PRESETS, PROVIDER_KINDS, type Preset, type ProviderKind } from "@/lib/providers/presets";

/** Inside Docker (compose), Ollama runs as the `ollama` service rather than on localhost. */
export function isInsideDocker(): boolean {
  return fs.existsSync("/.dockerenv");
}

/**
 * The presets as this server offers them: the Ollama URL inside Docker, and whether an
 * OpenAI key is available from OPENAI_API_KEY (the key itself never leaves the server).
 */
export function resolvePresets(): (Preset & { apiKeyFromEnv: boolean })[] {
  const docker = isInsideDocker();
  const openaiKey = getEnv().seed.openaiApiKey;
  return PROVIDER_KINDS.map((kind) => {
    const preset = PRESETS[kind];
    if (kind === "ollama" && docker) return { ...preset, baseUrl: "http://ollama:11434/v1", apiKeyFromEnv: false };
    return { ...preset, apiKeyFromEnv: kind === "openai" && !!openaiKey };
  });
}

/** The API key a new provider of this kind starts with when the form leaves it blank. */
export function presetApiKey(kind: ProviderKind): string | undefined {
  if (kind === "openai") return getEnv().seed.openaiApiKey;
  return PRESETS[kind].apiKey;
}
