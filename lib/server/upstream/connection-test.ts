import "server-only";
import type { ProviderKind } from "@/lib/providers/presets";
import type { ConnectionTestResult } from "@/lib/schemas/providers";
import { createUpstreamClient, type UpstreamProvider } from "./client";
import { type UpstreamFailure, classifyUpstreamError, looksLikeHtml, providerSecrets } from "./errors";
import { fetchServerVersion, parseModelList } from "./models";

/**
 * "Test connection": one `GET /v1/models` (no retries, so the answer is quick and the
 * latency honest) turned into one outcome and one clear sentence. Transport failures are
 * never reported as "not compatible", and an answer is never reported as a network error.
 */

/** Options of {@link testConnection}. */
export type ConnectionTestOptions = {
  signal?: AbortSignal;
  /** Overrides the provider's timeout (reachability checks use a short one). */
  timeoutMs?: number;
  /** Also read the server's version (default true). */
  readVersion?: boolean;
};

type Tested = UpstreamProvider & {
  kind: ProviderKind;
  /** Checked against the listed models when given (a preset's `llama3.1` vs Ollama's `llama3.1:8b`). */
  defaultModel?: string | null;
  embeddingModel?: string | null;
};

/** Whether `model` is served, as the server itself resolves names (Ollama: `name` means `name:latest`). */
export function isServed(model: string, ids: readonly string[]): boolean {
  if (ids.includes(model)) return true;
  if (!model.includes(":")) return ids.includes(`${model}:latest`);
  return model.endsWith(":latest") && ids.includes(model.slice(0, -":latest".length));
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

/**
 * The listed models closest to `model`, best first (at most 3): the same name with another
 * tag (`llama3.1` → `llama3.1:8b`), then names within a few edits.
 */
export function closestModels(model: string, ids: readonly string[]): string[] {
  const base = model.toLowerCase().split(":")[0] ?? model;
  const scored = ids
    .map((id) => {
      const idBase = id.toLowerCase().split(":")[0] ?? id;
      const tagged = idBase === base ? 0 : idBase.startsWith(base) || base.startsWith(idBase) ? 1 : 2;
      return { id, tagged, distance: editDistance(base, idBase) };
    })
    .filter((c) => c.tagged < 2 || c.distance <= Math.max(2, Math.floor(base.length / 4)));
  scored.sort((a, b) => a.tagged - b.tagged || a.distance - b.distance || a.id.localeCompare(b.id));
  return scored.slice(0, 3).map((c) => c.id);
}

/** Whether the provider's default and embedding models are among `ids`, with the closest ones when not. */
function checkModels(p: Tested, ids: readonly string[]): NonNullable<ConnectionTestResult["modelChecks"]> {
  const fields = [
    ["defaultModel", p.defaultModel],
    ["embeddingModel", p.embeddingModel],
  ] as const;
  return fields
    .filter((f): f is readonly [(typeof f)[0], string] => typeof f[1] === "string" && f[1] !== "")
    .map(([field, model]) => {
      const served = isServed(model, ids);
      return { field, model, served, closest: served ? [] : closestModels(model, ids) };
    });
}

function hostOf(baseUrl: string, part: "host" | "hostname" = "host"): string {
  try {
    return new URL(baseUrl)[part];
  } catch {
    return baseUrl;
  }
}

const NOT_COMPATIBLE_HINT = "check that the base URL is the server's OpenAI-compatible API (usually ending in /v1)";

/** Maps a classified failure to an outcome and its sentence. */
function describeFailure(
  f: UpstreamFailure,
  p: Tested,
  timeoutMs: number,
): Pick<ConnectionTestResult, "outcome" | "message" | "status"> {
  const host = hostOf(p.baseUrl);
  switch (f.kind) {
    case "http": {
      const status = f.status ?? 0;
      const said = f.message.replace(/\.$/, "");
      if (status === 401 || status === 403) {
        const hint = p.apiKey ? "check the API key" : "this provider has no API key set";
        return {
          outcome: "auth_failed",
          status,
          message: `The server refused the credentials (HTTP ${status}: ${said}); ${hint}.`,
        };
      }
      if (status === 404 || status === 405) {
        return {
          outcome: "not_compatible",
          status,
          message: `GET /models answered HTTP ${status}, so this is not an OpenAI-compatible endpoint; ${NOT_COMPATIBLE_HINT}.`,
        };
      }
      if (status === 429)
        return { outcome: "error", status, message: `The server is rate limiting requests (HTTP 429: ${said}).` };
      return { outcome: "error", status, message: `The server answered HTTP ${status}: ${said}.` };
    }
    case "timeout":
      return { outcome: "timeout", message: `${host} did not answer within ${timeoutMs} ms.` };
    case "refused":
      return {
        outcome: "refused",
        message: `${host} refused the connection; is the server running and listening on that port?`,
      };
    case "dns":
      return {
        outcome: "dns_error",
        message: `The host name ${hostOf(p.baseUrl, "hostname")} could not be resolved; check the spelling or your DNS.`,
      };
    case "tls":
      return {
        outcome: "tls_error",
        message: `The TLS handshake with ${host} failed (${f.message.replace(/^the TLS handshake failed /, "")}); if the server speaks plain HTTP, use http:// instead of https://.`,
      };
    case "invalid_response":
      return { outcome: "error", message: `The server's answer could not be read: ${f.message}.` };
    case "redirect":
      return { outcome: "not_compatible", status: f.status, message: `${host}: ${f.message}.` };
    case "aborted":
      return { outcome: "error", message: "The connection test was cancelled." };
    default:
      return { outcome: "error", message: `Could not connect to ${host}: ${f.message}.` };
  }
}

/** Interprets a 2xx answer to `GET /v1/models`. */
function describeAnswer(
  status: number,
  contentType: string,
  text: string,
): Pick<ConnectionTestResult, "outcome" | "message" | "status" | "modelCount"> & { models?: string[] } {
  if (looksLikeHtml(text, contentType)) {
    return {
      outcome: "not_compatible",
      status,
      message: `GET /models answered with an HTML page, not a model list; ${NOT_COMPATIBLE_HINT}.`,
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // A JSON content type with a broken body is a faulty server; anything else is not an API at all.
    if (contentType.includes("json"))
      return { outcome: "error", status, message: "GET /models answered with malformed JSON." };
    return {
      outcome: "not_compatible",
      status,
      message: `GET /models answered with plain text, not a JSON model list; ${NOT_COMPATIBLE_HINT}.`,
    };
  }
  const list = parseModelList(body);
  if (!list) {
    return {
      outcome: "not_compatible",
      status,
      message: `GET /models answered with JSON that is not an OpenAI model list; ${NOT_COMPATIBLE_HINT}.`,
    };
  }
  const count = `${list.length} model${list.length === 1 ? "" : "s"}`;
  return {
    outcome: "reachable",
    status,
    modelCount: list.length,
    models: list.map((m) => m.id),
    message: `Connected; the server lists ${count}.`,
  };
}

const FIELD_WORDS = { defaultModel: "default model", embeddingModel: "embedding model" } as const;

/**
 * Tests a provider: reachable (with latency and model count), auth_failed (401/403),
 * not_compatible (404/405 on /v1/models, an HTML page, JSON that is not a model list),
 * timeout, refused, tls_error, dns_error, or error (5xx, 429, malformed JSON, blocked by
 * the URL policy…). Never throws.
 */
export async function testConnection(p: Tested, opts: ConnectionTestOptions = {}): Promise<ConnectionTestResult> {
  const timeoutMs = opts.timeoutMs ?? p.timeoutMs;
  // One deadline for headers *and* body (the SDK's own timeout stops at the headers).
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
  const versionAbort = new AbortController();
  const version =
    opts.readVersion === false
      ? Promise.resolve(undefined)
      : fetchServerVersion(p, {
          signal: AbortSignal.any([signal, versionAbort.signal]),
          timeoutMs: Math.min(timeoutMs, 3000),
        });
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  try {
    const client = createUpstreamClient(p, { maxRetries: 0, timeoutMs });
    const res = await client.models.list({ signal }).asResponse();
    const text = await res.text();
    const latencyMs = elapsed();
    const { models, ...result } = describeAnswer(res.status, res.headers.get("content-type") ?? "", text);
    if (result.outcome !== "reachable") versionAbort.abort();
    const serverVersion = await version;
    const modelChecks = models ? checkModels(p, models) : [];
    const missing = modelChecks.filter((c) => !c.served);
    const message = missing.length
      ? `${result.message.replace(/\.$/, "")}, but ${missing
          .map(
            (c) =>
              `the ${FIELD_WORDS[c.field]} ${c.model} is not among them${c.closest.length ? ` (closest: ${c.closest.join(", ")})` : ""}`,
          )
          .join("; and ")}.`
      : result.message;
    return {
      ...result,
      message,
      latencyMs,
      ...(serverVersion ? { serverVersion } : {}),
      ...(modelChecks.length ? { modelChecks } : {}),
    };
  } catch (err) {
    const latencyMs = elapsed();
    versionAbort.abort();
    void version.catch(() => undefined);
    const failure = classifyUpstreamError(err, providerSecrets(p));
    const timedOut = deadline.aborted && !opts.signal?.aborted;
    const described = describeFailure(timedOut ? { kind: "timeout", message: "" } : failure, p, timeoutMs);
    return { ...described, latencyMs };
  }
}
