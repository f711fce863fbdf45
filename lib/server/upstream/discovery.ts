import "server-only";
import { getEnv } from "@/lib/env";
import type { FoundServer } from "@/lib/schemas/providers";
import { OLLAMA_SERVICE_HOST, ollamaServiceResolves } from "../providers/presets";
import { type UpstreamProvider, fetchServerJson } from "./client";
import { parseModelList } from "./models";

/**
 * "Scan for local servers": probes host × port concurrently and identifies each server from
 * its own endpoints (QUIRKS.md). One deadline covers the whole scan, so it ends on time even
 * when every port is closed or a port accepts the connection and never answers.
 */

/** Options of {@link scanLocalServers}; every field has a default. */
export type ScanOptions = {
  /** Default: `localhost`, plus `ollama` where that name resolves (the compose service). */
  hosts?: string[];
  /** Default: DISCOVERY_PORTS (11434, 1234, 8000, 8080). */
  ports?: number[];
  /** The deadline of the whole scan (default {@link DEFAULT_SCAN_TIMEOUT_MS}). */
  timeoutMs?: number;
  signal?: AbortSignal;
};

/** Short enough that a scan of hanging ports still answers within 2 s. */
export const DEFAULT_SCAN_TIMEOUT_MS = 1500;

/** The hosts a scan tries by default: localhost, and the compose network's `ollama` when that name resolves. */
export async function defaultScanHosts(): Promise<string[]> {
  return (await ollamaServiceResolves()) ? ["localhost", OLLAMA_SERVICE_HOST] : ["localhost"];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const versionOf = (v: unknown): string | undefined =>
  isRecord(v) && typeof v.version === "string" ? v.version : undefined;

/** The endpoints read from every candidate, all at once. */
const ENDPOINTS = {
  ollamaVersion: "/api/version",
  props: "/props",
  lmstudioModels: "/api/v1/models",
  version: "/version",
  models: "/v1/models",
  localaiCapabilities: "/v1/models/capabilities",
} as const;
type Answers = { [K in keyof typeof ENDPOINTS]: unknown };

/**
 * Decides the kind from the answers, most specific first:
 * - Ollama: `/api/version` → `{version}` (its own API, beside /v1);
 * - llama.cpp: `/props` → `{default_generation_settings | build_info | model_path}`;
 * - LM Studio: `/api/v1/models` → `{models: [{key}]}` (0.4's REST API);
 * - vLLM and LocalAI both answer `/version` → `{version}`: LocalAI also serves
 *   `/v1/models/capabilities`; vLLM's model list says `owned_by: "vllm"` / `max_model_len`;
 * - otherwise a plain `/v1/models` list → `custom`.
 */
function identify(a: Answers, modelCount: number | undefined): Omit<FoundServer, "baseUrl"> | null {
  const withCount = <T extends object>(found: T) => (modelCount === undefined ? found : { ...found, modelCount });
  const ollama = versionOf(a.ollamaVersion);
  if (ollama) return withCount({ kind: "ollama" as const, version: ollama, identifiedBy: "GET /api/version" });
  const props = a.props;
  if (isRecord(props) && ("default_generation_settings" in props || "build_info" in props || "model_path" in props)) {
    const build = typeof props.build_info === "string" ? { version: props.build_info } : {};
    return withCount({ kind: "llamacpp" as const, ...build, identifiedBy: "GET /props" });
  }
  if (isRecord(a.lmstudioModels) && Array.isArray(a.lmstudioModels.models)) {
    return withCount({ kind: "lmstudio" as const, identifiedBy: "GET /api/v1/models" });
  }
  const version = versionOf(a.version);
  if (version) {
    const isLocalAi = isRecord(a.localaiCapabilities) && Array.isArray(a.localaiCapabilities.data);
    const entries = isRecord(a.models) && Array.isArray(a.models.data) ? a.models.data.filter(isRecord) : [];
    const isVllm = entries.some((m) => m.owned_by === "vllm" || "max_model_len" in m);
    // LocalAI prints "v3.7.0 (commit)", vLLM a bare "0.11.0": the last resort when neither endpoint tells.
    if (isLocalAi || (!isVllm && version.startsWith("v"))) {
      const by = isLocalAi ? "GET /version + GET /v1/models/capabilities" : "GET /version";
      return withCount({ kind: "localai" as const, version, identifiedBy: by });
    }
    return withCount({ kind: "vllm" as const, version, identifiedBy: "GET /version" });
  }
  if (modelCount !== undefined) return { kind: "custom", modelCount, identifiedBy: "GET /v1/models" };
  return null;
}

/**
 * What kind of server answers at `target` (and its version), from its own endpoints, all
 * read at once; null when nothing OpenAI-like answers. Used by the scan and by the probe
 * CLI when `--kind` is not given.
 */
export async function identifyServer(
  target: UpstreamProvider,
  { signal, timeoutMs }: { signal?: AbortSignal; timeoutMs: number },
): Promise<Omit<FoundServer, "baseUrl"> | null> {
  const keys = Object.keys(ENDPOINTS) as (keyof typeof ENDPOINTS)[];
  const values = await Promise.all(
    keys.map((k) =>
      fetchServerJson(target, ENDPOINTS[k], { ...(signal ? { signal } : {}), timeoutMs }).catch(() => undefined),
    ),
  );
  const answers = Object.fromEntries(keys.map((k, i) => [k, values[i]])) as Answers;
  return identify(answers, parseModelList(answers.models)?.length);
}

async function probe(host: string, port: number, signal: AbortSignal, timeoutMs: number): Promise<FoundServer | null> {
  const hostPart = host.includes(":") ? `[${host}]` : host;
  const baseUrl = `http://${hostPart}:${port}/v1`;
  const target: UpstreamProvider = { baseUrl, apiKey: null, headers: {}, timeoutMs, maxRetries: 0, proxyUrl: null };
  const found = await identifyServer(target, { signal, timeoutMs });
  return found ? { baseUrl, ...found } : null;
}

/**
 * Scans `hosts` × `ports` for OpenAI-compatible servers; every probe runs concurrently under
 * one deadline. Returns what answered, in host then port order. Never throws for a closed,
 * hanging or foreign port; such ports are simply absent from the result.
 */
export async function scanLocalServers(opts: ScanOptions = {}): Promise<FoundServer[]> {
  const hosts = opts.hosts ?? (await defaultScanHosts());
  const ports = opts.ports ?? getEnv().discoveryPorts;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_SCAN_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
  const results = await Promise.all(hosts.flatMap((h) => ports.map((port) => probe(h, port, signal, timeoutMs))));
  return results.filter((r): r is FoundServer => r !== null);
}
