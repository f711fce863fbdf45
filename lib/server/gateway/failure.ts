import "server-only";
import type { AttemptView } from "@/lib/schemas/playground";
import type { EngineFailure } from "../calls/engine";
import { GatewayError } from "./errors";

/**
 * A gateway call no target answered, told to the client as OpenAI's error: the engine's
 * failure (chat), or what the gateway's own loops over targets found (embeddings, legacy
 * completions, responses) — one mapping to statuses and codes for all of them.
 */

/** Why no target answered: what the HTTP error is told from (an engine failure is one). */
export type Unanswered = Pick<EngineFailure, "kind" | "message" | "attempts" | "feature" | "timedOut" | "retryAfterMs">;

/** The request field a feature lives in (the `param` of a 400 when no target can serve it). */
const FEATURE_PARAM: Record<string, string> = {
  tools: "tools",
  tool_choice: "tool_choice",
  tools_streaming: "tools",
  vision: "messages",
  logprobs: "logprobs",
  seed: "seed",
  stop: "stop",
  n: "n",
  json_mode: "response_format",
  structured_output: "response_format",
  parallel_tool_calls: "parallel_tool_calls",
};

/**
 * Why every target was skipped without being called: an open circuit (any of them), else
 * verdicts saying it cannot serve the request.
 */
export function skippedKind(attempts: AttemptView[]): "circuit_open" | "unservable" {
  return attempts.some((a) => a.reason?.startsWith("circuit")) ? "circuit_open" : "unservable";
}

/** An unanswered call (see {@link Unanswered}) as the gateway's HTTP error. */
export function failureError(f: Unanswered): GatewayError {
  switch (f.kind) {
    case "unservable":
      return new GatewayError(
        400,
        f.message,
        "invalid_request_error",
        "feature_unsupported",
        FEATURE_PARAM[f.feature ?? ""] ?? null,
      );
    case "circuit_open":
      return new GatewayError(503, f.message, "server_error", "circuit_open", null, {
        "Retry-After": String(Math.ceil((f.retryAfterMs ?? 1000) / 1000)),
      });
    case "refused":
      return new GatewayError(400, f.message, "invalid_request_error", "upstream_refused", null);
    default: {
      const unavailable = f.attempts.every((a) => a.status === 429 || a.status === 503 || a.outcome === "skipped");
      const status = f.timedOut ? 504 : unavailable ? 503 : 502;
      return new GatewayError(status, f.message, "server_error", "upstream_error", null);
    }
  }
}
