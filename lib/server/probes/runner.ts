import "server-only";
import type { ProbeFinding } from "@/lib/schemas/probes";
import type { ServerReadCache } from "../upstream/client";
import { providerSecrets, scrubSecrets } from "../upstream/errors";
import { type BaselineResult, type RunBlocker, blockedOutcome, runBaseline } from "./baseline";
import { classifyFailure, compareDeclared, shortReason } from "./classify";
import { finaliseEvidence } from "./evidence";
import { createDeclaredLookup, readServerCapacity } from "./facts";
import type { Declared, Probe, ProbeContext, ProbeOutcome, ProbeProvider, ResultFlag } from "./types";
import { ProbeUpstream, RequestFailure } from "./upstream";
import { linkSignals } from "@/lib/abort";

export type { RunBlocker } from "./baseline";

/**
 * Runs probes against one provider+model. First one plain chat, bounded by the provider's
 * timeout: it shows the provider is reachable (a dead or hanging one ends the run at once,
 * every feature `skipped` with "provider unreachable: …"), and it is the baseline every
 * refusal is recognised against (classify.ts). A baseline that is itself refused is one
 * row-level finding ("chat is refused: …"), not sixteen `unsupported` cells (baseline.ts).
 * Then the probes, at most `target.concurrency` at once — fewer when the server declares
 * fewer slots —, each with its own deadline, each result handed to `onResult` the moment it
 * is ready. Knows nothing about the database.
 */

/** One finished probe, ready to store. */
export type ProbeRecord = ProbeFinding<ResultFlag>;

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
  /** The run's shared answers of the server's own endpoints (capacity, declarations); default a new one. */
  serverReads?: ServerReadCache;
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

type RunState = {
  opts: RunProbesOptions;
  baseline: BaselineResult;
  declaredFor: (model: string) => Promise<Declared>;
  secrets: readonly string[];
};

/** A feature the run's blocker decides without a request: its record, the blocker as evidence. */
function blockedRecord(
  probe: Probe,
  outcome: ProbeOutcome,
  blocker: RunBlocker,
  secrets: readonly string[],
): ProbeRecord {
  return {
    feature: probe.feature,
    ...outcome,
    latencyMs: 0,
    ttftMs: null,
    evidence: finaliseEvidence({ exchanges: [], details: { blocker } }, secrets),
    declared: null,
    disagreement: null,
    warnings: [],
    flags: [],
  };
}

/** What one probe is handed, and the model it says it tested (the run's, unless it records another). */
function probeContext(probe: Probe, state: RunState, signal: AbortSignal) {
  const { opts, baseline, declaredFor } = state;
  const upstream = new ProbeUpstream(opts.provider, signal, baseline.state === "ok" ? opts.model : undefined);
  const classifyContext = { baseline: baseline.state, sends: probe.sends, fields: probe.fields };
  const used = { model: opts.model };
  const ctx: ProbeContext = {
    model: opts.model,
    provider: opts.provider,
    upstream,
    signal,
    declaredFor,
    recordModel: (m) => void (used.model = m),
    classify: (failure) => classifyFailure(failure, classifyContext),
  };
  return { ctx, used };
}

/**
 * Runs one probe until it ends or its deadline passes, and turns whatever it throws into an
 * outcome: a failed request by the run's comparison rule (classify.ts), the deadline, or the
 * probe's own bug. Null when the run was cancelled.
 */
async function judge(
  probe: Probe,
  ctx: ProbeContext,
  runSignal: AbortSignal,
  deadline: { signal: AbortSignal; ms: number; dispose: () => void },
): Promise<ProbeOutcome | null> {
  try {
    return await Promise.race([probe.run(ctx), whenAborted(ctx.signal)]).finally(deadline.dispose);
  } catch (err) {
    if (runSignal.aborted) return null;
    if (deadline.signal.aborted) {
      return { verdict: "error", reason: `No conclusion: the probe did not finish within ${deadline.ms} ms.` };
    }
    if (err instanceof RequestFailure) return ctx.classify(err.info);
    // A probe's own bug or an answer it could not read: reported, never a refusal.
    const message = err instanceof Error ? err.message : String(err);
    return { verdict: "error", reason: shortReason(`No conclusion: an unexpected response (${message}).`) };
  }
}

/** The record of a probe that ran: its outcome with the exchanges as evidence, wire time, declared vs observed. */
async function settle(
  probe: Probe,
  outcome: ProbeOutcome,
  upstream: ProbeUpstream,
  modelUsed: string,
  state: RunState,
): Promise<ProbeRecord> {
  const { opts, declaredFor, secrets } = state;
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

/** One probe of the run: decided by the blocker, or run, judged and settled. Null when cancelled. */
async function runOne(probe: Probe, state: RunState): Promise<ProbeRecord | null> {
  const { opts, baseline, secrets } = state;
  const runSignal = opts.signal ?? new AbortController().signal;
  const blocked = baseline.blocker ? blockedOutcome(probe, baseline.blocker) : null;
  if (blocked && baseline.blocker) return blockedRecord(probe, blocked, baseline.blocker, secrets);
  // Each request may be sent twice (the comparison retry), hence the factor 2.
  const deadlineMs = (opts.probeTimeoutMs ?? opts.provider.timeoutMs) * (probe.requests ?? 1) * 2;
  const deadline = AbortSignal.timeout(deadlineMs);
  const linked = linkSignals(runSignal, deadline);
  const { ctx, used } = probeContext(probe, state, linked.signal);
  const outcome = await judge(probe, ctx, runSignal, { signal: deadline, ms: deadlineMs, dispose: linked.dispose });
  if (!outcome || runSignal.aborted) return null;
  return settle(probe, outcome, ctx.upstream, used.model, state);
}

/** Runs `opts.probes` (see the module comment); cancelled probes are left out of the records. */
export async function runProbes(opts: RunProbesOptions): Promise<RunOutcome> {
  const signal = opts.signal ?? new AbortController().signal;
  const secrets = providerSecrets(opts.provider);
  const serverReads = opts.serverReads ?? new Map<string, Promise<unknown>>();
  const declaredFor = opts.declaredFor ?? createDeclaredLookup(opts.provider, undefined, opts.signal, serverReads);
  const [baseline, capacity] = await Promise.all([
    runBaseline(opts.provider, opts.model, signal),
    readServerCapacity(opts.provider, signal, serverReads),
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
