import "server-only";
import dns from "node:dns/promises";
import { getEnv } from "@/lib/env";
import { KIND_PRESETS } from "@/lib/providers/kinds";
import { PRESETS, type Preset, type ProviderKind } from "@/lib/providers/presets";

const LOOKUP_TIMEOUT_MS = 500;
const REMEMBER_MS = 60_000;
const remembered = new Map<string, { at: number; resolves: Promise<boolean> }>();

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
 * Whether a compose service's host name (a kind's `composeService`, e.g. `ollama`) resolves —
 * true inside the compose network, where the server runs as a service beside the app. Being
 * inside some container (`/.dockerenv`) is not enough: a container without that service would
 * be offered a URL that goes nowhere. Asked at most once a minute per name.
 */
export function serviceResolves(host: string): Promise<boolean> {
  const now = Date.now();
  const known = remembered.get(host);
  if (known && now - known.at <= REMEMBER_MS) return known.resolves;
  const resolves = hostResolves(host);
  remembered.set(host, { at: now, resolves });
  return resolves;
}

/** The compose services (of every kind that names one) whose host name resolves here. */
export async function resolvingComposeServices(): Promise<{ kind: ProviderKind; host: string; port?: number }[]> {
  const services = KIND_PRESETS.flatMap((k) =>
    k.composeService ? [{ kind: k.preset.kind, host: k.composeService, port: k.preset.port }] : [],
  );
  const resolves = await Promise.all(services.map((s) => serviceResolves(s.host)));
  return services.filter((_, i) => resolves[i]);
}

/**
 * The presets as this server offers them: a kind with a compose service points at that service
 * when its host resolves (Ollama at `http://ollama:11434/v1` in docker-compose.yml), and whether
 * a key is available from the kind's key variable (OPENAI_API_KEY; the key never leaves the server).
 */
export async function resolvePresets(): Promise<(Preset & { apiKeyFromEnv: boolean })[]> {
  const compose = new Map((await resolvingComposeServices()).map((s) => [s.kind, s]));
  const { seed } = getEnv();
  return KIND_PRESETS.map(({ preset }) => {
    const service = compose.get(preset.kind);
    if (service) {
      const port = service.port === undefined ? "" : `:${service.port}`;
      return { ...preset, baseUrl: `http://${service.host}${port}/v1`, apiKeyFromEnv: false };
    }
    return { ...preset, apiKeyFromEnv: !!seed[preset.kind]?.apiKey };
  });
}

/** The API key a new provider of this kind starts with when the form leaves it blank. */
export function presetApiKey(kind: ProviderKind): string | undefined {
  return getEnv().seed[kind]?.apiKey ?? PRESETS[kind].apiKey;
}
