/**
 * Fault modes, chosen per request by the path (`/ollama+slow+flaky/v1`) or the
 * `x-simulator-fault: slow,flaky` header: latency, intermittent 5xx, never answering,
 * a dropped connection, malformed output, a required API key, rate limiting and a model
 * still loading (each profile's own loading behaviour, `ProfileSpec.loading`).
 * The bodies of these faults are OpenAI's (they are the simulator's faults, not a server's
 * refusals), except `+loading`, which answers as the profile's server does.
 */
import { SimulatorHttpError, errorResponse } from "./http";
import { servedModelId } from "./rules";
import type { ProfileSpec } from "./types";

/** Every fault mode. */
export const FAULT_NAMES = ["slow", "flaky", "hang", "cut", "malformed", "auth", "ratelimit", "loading"] as const;

/** One fault mode. */
export type FaultName = (typeof FAULT_NAMES)[number];

/** The API key `+auth` expects: `Authorization: Bearer sim-secret-key`. */
export const SIMULATOR_API_KEY = "sim-secret-key";

/** Request header that adds fault modes, comma-separated. */
export const FAULT_HEADER = "x-simulator-fault";

/** Tunables of the fault modes. */
export interface FaultSettings {
  /** `+slow`: delay before the first token (ms). */
  slowFirstTokenMs: number;
  /** `+slow`: delay between tokens (ms). */
  slowPerTokenMs: number;
  /** `+flaky`: share of requests answered with a 5xx, 0..1. Deterministic by request count. */
  flakyFailureRate: number;
  /** `+cut` / `+malformed`: SSE frames sent before the fault strikes. */
  faultAfterFrames: number;
  /** `+ratelimit`: seconds in `Retry-After`. */
  retryAfterSeconds: number;
  /** `+auth`: the accepted bearer token. */
  apiKey: string;
  /**
   * How long loading a model takes (ms): LM Studio's first inference request per model
   * (JIT loading) and, on servers that block while loading, every request under `+loading`.
   */
  modelLoadMs: number;
}

/** Defaults: slow = 200 ms + 20 ms/token, flaky = every other request fails, a model loads in 1 s. */
export const DEFAULT_FAULT_SETTINGS: FaultSettings = {
  slowFirstTokenMs: 200,
  slowPerTokenMs: 20,
  flakyFailureRate: 0.5,
  faultAfterFrames: 3,
  retryAfterSeconds: 1,
  apiKey: SIMULATOR_API_KEY,
  modelLoadMs: 1000,
};

function isFaultName(value: string): value is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(value);
}

/** Parses fault names from path suffixes and the header; unknown names are a 404. */
export function parseFaults(pathFaults: readonly string[], header: string | null): Set<FaultName> {
  const names = [...pathFaults, ...(header ?? "").split(",")].map((n) => n.trim().toLowerCase()).filter(Boolean);
  const out = new Set<FaultName>();
  for (const name of names) {
    if (!isFaultName(name)) {
      throw new SimulatorHttpError(404, `Unknown simulator fault '${name}'. Known faults: ${FAULT_NAMES.join(", ")}.`, {
        code: "unknown_fault",
        bodyStyle: "openai",
      });
    }
    out.add(name);
  }
  return out;
}

function maskKey(key: string): string {
  return key.length <= 8 ? "***" : `${key.slice(0, 3)}***${key.slice(-4)}`;
}

/** `+auth`: OpenAI's 401 bodies for a missing or wrong key, or undefined when the key is right. */
export function checkAuth(request: Request, settings: FaultSettings): Response | undefined {
  const header = request.headers.get("authorization") ?? "";
  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  if (token === settings.apiKey) return undefined;
  if (!token) {
    return errorResponse(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      { type: "invalid_request_error" },
    );
  }
  return errorResponse(
    401,
    `Incorrect API key provided: ${maskKey(token)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    {
      type: "invalid_request_error",
      code: "invalid_api_key",
    },
  );
}

/** `+ratelimit`: OpenAI's 429 with `Retry-After`. */
export function rateLimitResponse(model: string, settings: FaultSettings): Response {
  const seconds = settings.retryAfterSeconds;
  return errorResponse(
    429,
    `Rate limit reached for ${model} in organization org-simulator on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in ${seconds}s.`,
    {
      type: "requests",
      code: "rate_limit_exceeded",
      headers: {
        "retry-after": String(seconds),
        "x-ratelimit-limit-requests": "3",
        "x-ratelimit-remaining-requests": "0",
        "x-ratelimit-reset-requests": `${seconds}s`,
      },
    },
  );
}

/**
 * `+flaky`: whether the `count`-th flaky request (0-based) fails. Spreads failures evenly,
 * so any window of requests fails at the configured rate and a retry usually succeeds.
 */
export function isFlakyFailure(count: number, rate: number): boolean {
  return Math.floor((count + 1) * rate) > Math.floor(count * rate);
}

/** `+flaky`: the failure answer, cycling through 500, 502 and 503 like real outages. */
export function flakyResponse(failureCount: number): Response {
  const status = [500, 502, 503][failureCount % 3] ?? 500;
  if (status === 502) {
    // A reverse proxy in front of the server answers 502 with HTML, not JSON.
    return new Response(
      "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>\n",
      {
        status,
        headers: { "content-type": "text/html" },
      },
    );
  }
  if (status === 503)
    return errorResponse(503, "The engine is currently overloaded, please try again later.", { type: "server_error" });
  return errorResponse(500, "The server had an error while processing your request. Sorry about that!", {
    type: "server_error",
  });
}

/**
 * Answers a request under `+auth`, `+ratelimit` or `+flaky` in the server's place, or
 * undefined to let it through (in that order: a wrong key is told so before a rate limit).
 */
export type FaultRefusal = (
  profile: ProfileSpec,
  request: Request,
  faults: ReadonlySet<FaultName>,
) => Response | undefined;

/** A {@link FaultRefusal} that counts `+flaky` requests per profile (one count per simulator). */
export function createFaultRefusal(settings: FaultSettings): FaultRefusal {
  const flaky = new Map<string, { count: number; failures: number }>();
  return (profile, request, faults) => {
    if (faults.has("auth")) {
      const denied = checkAuth(request, settings);
      if (denied) return denied;
    }
    if (faults.has("ratelimit")) return rateLimitResponse(servedModelId(profile), settings);
    if (faults.has("flaky")) {
      const state = flaky.get(profile.name) ?? { count: 0, failures: 0 };
      flaky.set(profile.name, state);
      if (isFlakyFailure(state.count++, settings.flakyFailureRate)) return flakyResponse(state.failures++);
    }
    return undefined;
  };
}
