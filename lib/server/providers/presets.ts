import "server-only";
import dns from "node:dns/promises";
import { getEnv } from "@/lib/env";
import { PRESETS, PROVIDER_KINDS, type Preset, type ProviderKind } from "@/lib/providers/presets";

/** The docker-compose service name of Ollama (docker-compose.yml). */
export const OLLAMA_SERVICE_HOST = "ollama";
const LOOKUP_TIMEOUT_MS = 500;
const REMEMBER_MS = 60_000;
let remembered: { at: number; resolves: Promise<boolean> } | undefined;

/** Whether `host` resolves within `timeoutMs` (a DNS that never answers counts as "no"). */
export function hostResolves(
  host: string,
  lookup: (host: string) => Promise<unknown> = (h) => dns.lookup(h),
  timeoutMs = LOOKUP_TIMEOUT_MS,
): Promise<boolean> {
  const answer = lookup(host).then(
    () => true,
    () => false,
  );
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
  return Promise.race([answer, timeout]);
}

/**
 * Whether the `ollama` host name resolves — true inside the compose network, where Ollama runs
 * as a service beside the app. Being inside some container (`/.dockerenv`) is not enough:
 * a container without that service would be offered a URL that goes nowhere. Asked at most
 * once a minute.
 */
export function ollamaServiceResolves(): Promise<boolean> {
  const now = Date.now();
  if (!remembered || now - remembered.at > REMEMBER_MS) {
    remembered = { at: now, resolves: hostResolves(OLLAMA_SERVICE_HOST) };
  }
  return remembered.resolves;
}

/**
 * The presets as this server offers them: Ollama at the compose service when that host
 * resolves, and whether an OpenAI key is available from OPENAI_API_KEY (the key itself
 * never leaves the server).
 */
export async function resolvePresets(): Promise<(Preset & { apiKeyFromEnv: boolean })[]> {
  const compose = await ollamaServiceResolves();
  const openaiKey = getEnv().seed.openaiApiKey;
  return PROVIDER_KINDS.map((kind) => {
    const preset = PRESETS[kind];
    if (kind === "ollama" && compose) {
      return { ...preset, baseUrl: `http://${OLLAMA_SERVICE_HOST}:11434/v1`, apiKeyFromEnv: false };
    }
    return { ...preset, apiKeyFromEnv: kind === "openai" && !!openaiKey };
  });
}

/** The API key a new provider of this kind starts with when the form leaves it blank. */
export function presetApiKey(kind: ProviderKind): string | undefined {
  if (kind === "openai") return getEnv().seed.openaiApiKey;
  return PRESETS[kind].apiKey;
}
