import "server-only";
import type { RunBlockerView } from "@/lib/schemas/probes";
import { classifyOutcome } from "../calls/outcome";
import { type Baseline, isTransportFailure, shortReason } from "./classify";
import { ask } from "./helpers";
import type { Probe, ProbeOutcome, ProbeProvider } from "./types";
import { ProbeUpstream, type RequestFailureInfo } from "./upstream";
import { linkSignals } from "@/lib/abort";

/**
 * The plain chat every run starts with (runner.ts), and what its failure means for the whole
 * row: a dead or hanging provider, refused credentials, a model it does not serve, a refused
 * or failing chat — each one {@link RunBlocker}, said once instead of in every cell, and what
 * it makes of each feature that is then not probed at all.
 */

/** Why a run could not probe (some) features: said once for the whole row ("provider unreachable: …"). */
export type RunBlocker = RunBlockerView;

/** The baseline's state for the comparison rule (classify.ts), and its blocker, if any. */
export type BaselineResult = { state: Baseline; blocker: RunBlocker | null };

/**
 * The blocker a failed baseline chat means. Credentials and a missing model are what the shared
 * rule (calls/outcome.ts) calls `auth` and `model_missing`; the rest is the row's own wording.
 */
function blockerOf(f: RequestFailureInfo): RunBlocker {
  const said = f.message;
  if (isTransportFailure(f)) {
    const what = f.kind === "timeout" ? "no answer" : f.kind === "redirect" ? "redirected" : "could not connect";
    return { kind: "unreachable", reason: shortReason(`provider unreachable: ${what} (${said})`) };
  }
  const status = f.status;
  const outcome = classifyOutcome(f).class;
  if (outcome === "auth") {
    return { kind: "auth", reason: shortReason(`the provider refused the credentials (HTTP ${status}: ${said})`) };
  }
  if (status === 429) return { kind: "rate_limited", reason: shortReason(`rate limited (HTTP 429: ${said})`) };
  if (outcome === "model_missing") {
    return { kind: "model_missing", reason: shortReason(`the provider does not serve this model (HTTP 404: ${said})`) };
  }
  if (status !== undefined && (status < 500 || status === 501)) {
    return { kind: "chat_refused", reason: shortReason(`chat is refused: HTTP ${status}: ${said}`) };
  }
  if (status === 503) {
    // llama.cpp answers every endpoint 503 "Loading model" until its model is loaded.
    return { kind: "chat_failing", reason: shortReason(`the provider is not ready (HTTP 503: ${said})`) };
  }
  const how = status === undefined ? said : `HTTP ${status}: ${said}`;
  return { kind: "chat_failing", reason: shortReason(`chat fails even without any feature (${how})`) };
}

/** The plain chat every run starts with, bounded by one provider timeout. */
export async function runBaseline(
  provider: ProbeProvider,
  model: string,
  signal: AbortSignal,
): Promise<BaselineResult> {
  const deadline = AbortSignal.timeout(provider.timeoutMs);
  const linked = linkSignals(signal, deadline);
  const upstream = new ProbeUpstream({ ...provider, maxRetries: 0 }, linked.signal);
  try {
    const r = await upstream.capture(() => upstream.chat({ model, messages: ask("Say hello in one short sentence.") }));
    if (r.ok) return { state: "ok", blocker: null };
    const timedOut = deadline.aborted && !signal.aborted;
    const failure = timedOut
      ? { ...r.failure, kind: "timeout" as const, message: `no answer within ${provider.timeoutMs} ms` }
      : r.failure;
    return { state: "failed", blocker: blockerOf(failure) };
  } finally {
    linked.dispose();
  }
}

/** What a feature becomes when the blocker means it is not probed at all (null: it is probed). */
export function blockedOutcome(probe: Probe, blocker: RunBlocker): ProbeOutcome | null {
  const needsChat = probe.needsChat !== false;
  switch (blocker.kind) {
    case "unreachable":
      return { verdict: "skipped", reason: shortReason(blocker.reason) };
    case "auth":
    case "rate_limited":
      return { verdict: "error", reason: shortReason(`No conclusion: ${blocker.reason}.`) };
    case "model_missing":
      return needsChat ? { verdict: "error", reason: shortReason(`No conclusion: ${blocker.reason}.`) } : null;
    case "chat_refused":
      return needsChat ? { verdict: "skipped", reason: shortReason(blocker.reason) } : null;
    case "chat_failing":
      return needsChat ? { verdict: "error", reason: shortReason(`No conclusion: ${blocker.reason}.`) } : null;
  }
}
