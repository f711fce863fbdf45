import "server-only";
import type { EvidenceView, Verdict } from "@/lib/schemas/probes";
import { providerSecrets, scrubSecrets } from "../upstream/errors";
import { type Baseline, classifyFailure, compareDeclared, isTransportFailure, shortReason } from "./classify";
import { finaliseEvidence } from "./evidence";
import { createDeclaredLookup, readServerCapacity } from "./facts";
import { ask } from "./helpers";
import type { Declared, Probe, ProbeContext, ProbeOutcome, ProbeProvider, ResultFlag } from "./types";
import { MODEL_MISSING } from "../calls/outcome";
import { ProbeUpstream, RequestFailure, type RequestFailureInfo } from "./upstream";
import { linkSignals } from "@/lib/abort";

/**
 * Runs probes against one provider+model. First one plain chat, bounded by the provider's
 * timeout: it shows the provider is reachable (a dead or hanging one ends the run at once,
 * every feature `skipped` with "provider unreachable: …"), and it is the baseline every
 * refusal is recognised against (classify.ts). A baseline that is itself refused is one
 * row-level finding ("chat is refused: …"), not sixteen `unsupported` cells. Then the probes,
 * at most `target.concurrency` at once — fewer when the server declares fewer slots —,
 * each with its own deadline, each result handed to `onResult` the moment it is ready.
 * Knows nothing about the database.
 */

/** One finished probe, ready to store. */
export type ProbeRecord = {
  feature: string;
  verdict: Verdict;
  reason: string;
  /** Time our requests were on the wire (not time spent queued in this runner). */
  latencyMs: number;
  ttftMs: number | null;
  evidence: EvidenceView;
  declared: boolean | null;
  disagreement: string | null;
  /** Spec deviations and implausible answers seen, beside the verdict. */
  warnings: string[];
  flags: ResultFlag[];
};

/** Why a run could not probe (some) features: said once for the whole row. */
export type RunBlocker = {
  kind: "unreachable" | "auth" | "rate_limited" | "model_missing" | "chat_refused" | "chat_failing";
  /** One sentence: "provider unreachable: connection refused (…)". */
  reason: string;
};

/** What {@link runProbes} found. */
export type RunOutcome = {
  records: ProbeRecord[];
  blocker: RunBlocker | null;
  /** Requests the server handles at once, where it declares it (llama.cpp `total_slots`). */
  capacity: number | null;
  /** Probes run at once. */
  concurrency: number;
};

/** Options of {@link runProbes}. */
export type RunProbesOptions = {
  provider: ProbeProvider;
  model: string;
  probes: readonly Probe[];
  /** Cancels the run: in-flight requests are aborted and their probes dropped (not reported). */
  signal?: AbortSignal;
  /** The deadline of one request's worth of probing; default the provider's timeout. */
  probeTimeoutMs?: number;
  /** Declared capabilities per model; default a live read of the server's own endpoints. */
  declaredFor?: (model: string) => Promise<Declared>;
  /** Called once the baseline is known: the blocker, if any, before any result. */
  onBlocker?: (blocker: RunBlocker) => Promise<void> | void;
  /** Called as each probe finishes (awaited before that worker takes the next probe). */
  onResult?: (record: ProbeRecord) => Promise<void> | void;
  /** Called as each probe starts. */
  onStart?: (feature: string) => void;
};

/** Rejects when `signal` aborts, so a probe stuck on something that ignores the signal still ends. */
function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    if (signal.aborted) fail();
    else signal.addEventListener("abort", fail, { once: true });
  });
}

type BaselineResult = { state: Baseline; blocker: RunBlocker | null };

/** The blocker a failed baseline chat means (see the module comment). */
function blockerOf(f: RequestFailureInfo): RunBlocker {
  const said = f.message;
  if (isTransportFailure(f)) {
    const what = f.kind === "timeout" ? "no answer" : f.kind === "redirect" ? "redirected" : "could not connect";
    return { kind: "unreachable", reason: shortReason(`provider unreachable: ${what} (${said})`) };
  }
  const status = f.status;
  if (status === 401 || status === 403) {
    return { kind: "auth", reason: shortReason(`the provider refused the credentials (HTTP ${status}: ${said})`) };
  }
  if (status === 429) return { kind: "rate_limited", reason: shortReason(`rate limited (HTTP 429: ${said})`) };
  if (status === 404 && MODEL_MISSING.test(said)) {
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
async function runBaseline(opts: RunProbesOptions, signal: AbortSignal): Promise<BaselineResult> {
  const deadline = AbortSignal.timeout(opts.provider.timeoutMs);
  const linked = linkSignals(signal, deadline);
  const upstream = new ProbeUpstream({ ...opts.provider, maxRetries: 0 }, linked.signal);
  try {
    const r = await upstream.capture(() =>
      upstream.chat({ model: opts.model, messages: ask("Say hello in one short sentence.") }),
    );
    if (r.ok) return { state: "ok", blocker: null };
    const timedOut = deadline.aborted && !signal.aborted;
    const failure = timedOut
      ? { ...r.failure, kind: "timeout" as const, message: `no answer within ${opts.provider.timeoutMs} ms` }
      : r.failure;
    return { state: "failed", blocker: blockerOf(failure) };
  } finally {
    linked.dispose();
  }
}

/** What a feature becomes when the blocker means it is not probed at all. */
function blockedOutcome(probe: Probe, blocker: RunBlocker): ProbeOutcome | null {
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

type RunState = {
  opts: RunProbesOptions;
  baseline: BaselineResult;
  declaredFor: (model: string) => Promise<Declared>;
  secrets: readonly string[];
};

async function runOne(probe: Probe, state: RunState): Promise<ProbeRecord | null> {
  const { opts, baseline, declaredFor, secrets } = state;
  const runSignal = opts.signal ?? new AbortController().signal;
  const blocked = baseline.blocker ? blockedOutcome(probe, baseline.blocker) : null;
  if (blocked) {
    return {
      feature: probe.feature,
      ...blocked,
      latencyMs: 0,
      ttftMs: null,
      evidence: finaliseEvidence({ exchanges: [], details: { blocker: baseline.blocker } }, secrets),
      declared: null,
      disagreement: null,
      warnings: [],
      flags: [],
    };
  }
  // Each request may be sent twice (the comparison retry), hence the factor 2.
  const deadlineMs = (opts.probeTimeoutMs ?? opts.provider.timeoutMs) * (probe.requests ?? 1) * 2;
  const deadline = AbortSignal.timeout(deadlineMs);
  const linked = linkSignals(runSignal, deadline);
  const signal = linked.signal;
  const upstream = new ProbeUpstream(opts.provider, signal, baseline.state === "ok" ? opts.model : undefined);
  const classifyContext = { baseline: baseline.state, sends: probe.sends, fields: probe.fields };
  let modelUsed = opts.model;
  const ctx: ProbeContext = {
    model: opts.model,
    provider: opts.provider,
    upstream,
    signal,
    declaredFor,
    recordModel: (m) => void (modelUsed = m),
    classify: (failure) => classifyFailure(failure, classifyContext),
  };
  let outcome: ProbeOutcome;
  try {
    outcome = await Promise.race([probe.run(ctx), whenAborted(signal)]).finally(linked.dispose);
  } catch (err) {
    if (runSignal.aborted) return null;
    if (deadline.aborted) {
      outcome = { verdict: "error", reason: `No conclusion: the probe did not finish within ${deadlineMs} ms.` };
    } else if (err instanceof RequestFailure) {
      outcome = ctx.classify(err.info);
    } else {
      // A probe's own bug or an answer it could not read: reported, never a refusal.
      const message = err instanceof Error ? err.message : String(err);
      outcome = { verdict: "error", reason: shortReason(`No conclusion: an unexpected response (${message}).`) };
    }
  }
  if (runSignal.aborted) return null;
  const ttft = outcome.details?.ttftMs;
  const evidence = finaliseEvidence(
    {
      ...(modelUsed === opts.model ? {} : { model: modelUsed }),
      exchanges: upstream.exchanges,
      ...(outcome.details ? { details: outcome.details } : {}),
    },
    secrets,
  );
  const declared = probe.capability ? await declaredFor(modelUsed).catch(() => null) : null;
  return {
    feature: probe.feature,
    verdict: outcome.verdict,
    reason: shortReason(outcome.reason),
    latencyMs: upstream.wireMs,
    ttftMs: typeof ttft === "number" ? ttft : null,
    evidence,
    ...compareDeclared(probe.capability, declared, outcome.verdict),
    warnings: upstream.warnings.map((w) => scrubSecrets(w, secrets)),
    flags: outcome.flags ?? [],
  };
}

/** Runs `opts.probes` (see the module comment); cancelled probes are left out of the records. */
export async function runProbes(opts: RunProbesOptions): Promise<RunOutcome> {
  const signal = opts.signal ?? new AbortController().signal;
  const secrets = providerSecrets(opts.provider);
  const declaredFor = opts.declaredFor ?? createDeclaredLookup(opts.provider, undefined, opts.signal);
  const [baseline, capacity] = await Promise.all([
    runBaseline(opts, signal),
    readServerCapacity(opts.provider, signal),
  ]);
  if (baseline.blocker) await opts.onBlocker?.(baseline.blocker);
  const state: RunState = { opts, baseline, declaredFor, secrets };
  const records: ProbeRecord[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < opts.probes.length && !signal.aborted) {
      const probe = opts.probes[next++] as Probe;
      opts.onStart?.(probe.feature);
      const record = await runOne(probe, state);
      if (!record || signal.aborted) continue;
      records.push(record);
      await opts.onResult?.(record);
    }
  };
  // A blocked run decides everything without a request: one worker is enough.
  const limit =
    baseline.blocker?.kind === "unreachable" ? 1 : Math.min(opts.provider.concurrency, capacity ?? Infinity);
  const concurrency = Math.max(1, Math.min(limit, opts.probes.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { records, blocker: baseline.blocker, capacity: capacity ?? null, concurrency };
}
