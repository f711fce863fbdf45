import "server-only";
import { OpenAIError } from "openai";
import type { ExchangeView, EvidenceView, Verdict } from "@/lib/schemas/probes";
import { UpstreamError, classifyUpstreamError, providerSecrets } from "../upstream/errors";
import { classifyFailure, compareDeclared } from "./classify";
import { finaliseEvidence } from "./evidence";
import { createDeclaredLookup } from "./facts";
import type { Declared, Probe, ProbeContext, ProbeOutcome, ProbeTarget } from "./types";
import { ProbeUpstream } from "./upstream";

/**
 * Runs probes against one provider+model: at most `target.concurrency` at once, each with
 * its own deadline, turning whatever a probe throws into a verdict (refusal →
 * `unsupported`, outage → `error`), and handing each result to `onResult` the moment it
 * is ready (the service persists it there). Knows nothing about the database.
 */

/** One finished probe, ready to store. */
export type ProbeRecord = {
  feature: string;
  verdict: Verdict;
  reason: string;
  latencyMs: number;
  ttftMs: number | null;
  evidence: EvidenceView;
  declared: boolean | null;
  disagreement: string | null;
};

/** Options of {@link runProbes}. */
export type RunProbesOptions = {
  target: ProbeTarget;
  model: string;
  probes: readonly Probe[];
  /** Cancels the run: in-flight requests are aborted and their probes dropped (not reported). */
  signal?: AbortSignal;
  /** The deadline of one request's worth of probing; default the provider's timeout. */
  probeTimeoutMs?: number;
  /** Declared capabilities per model; default a live read of the server's own endpoints. */
  declaredFor?: (model: string) => Promise<Declared>;
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

/**
 * A thrown value that came from talking to the provider (vs a bug in a probe). Decided with
 * `instanceof`, never by class name: the production bundle minifies names (that once turned
 * LM Studio's 400 refusal into "error").
 */
function isUpstreamFailure(err: unknown): boolean {
  if (err instanceof UpstreamError || err instanceof SyntaxError || err instanceof OpenAIError) return true;
  // undici's fetch throws TypeError("fetch failed") with the socket error as its cause.
  return err instanceof Error && err.cause !== undefined;
}

async function runOne(
  probe: Probe,
  opts: RunProbesOptions,
  client: ReturnType<typeof ProbeUpstream.clientFor>,
  declaredFor: (model: string) => Promise<Declared>,
  secrets: readonly string[],
): Promise<ProbeRecord | null> {
  const runSignal = opts.signal ?? new AbortController().signal;
  const deadlineMs = (opts.probeTimeoutMs ?? opts.target.timeoutMs) * (probe.requests ?? 1);
  const deadline = AbortSignal.timeout(deadlineMs);
  const signal = AbortSignal.any([runSignal, deadline]);
  const upstream = new ProbeUpstream(opts.target, client, signal);
  let modelUsed = opts.model;
  const ctx: ProbeContext = {
    model: opts.model,
    target: opts.target,
    upstream,
    signal,
    declaredFor,
    recordModel: (m) => void (modelUsed = m),
  };
  const started = performance.now();
  let outcome: ProbeOutcome;
  try {
    outcome = await Promise.race([probe.run(ctx), whenAborted(signal)]);
  } catch (err) {
    if (runSignal.aborted) return null;
    if (deadline.aborted) {
      outcome = { verdict: "error", reason: `No conclusion: the probe did not finish within ${deadlineMs} ms.` };
    } else if (isUpstreamFailure(err)) {
      outcome = classifyFailure(classifyUpstreamError(err, secrets), probe.fields);
    } else {
      const message = err instanceof Error ? err.message : String(err);
      outcome = { verdict: "error", reason: `No conclusion: the probe failed on an unexpected response (${message}).` };
    }
  }
  if (runSignal.aborted) return null;
  const latencyMs = Math.round(performance.now() - started);
  const ttft = outcome.details?.ttftMs;
  const exchanges: ExchangeView[] = upstream.exchanges;
  const evidence = finaliseEvidence(
    {
      ...(modelUsed === opts.model ? {} : { model: modelUsed }),
      exchanges,
      ...(outcome.details ? { details: outcome.details } : {}),
    },
    secrets,
  );
  const declared = probe.capability ? await declaredFor(modelUsed).catch(() => null) : null;
  return {
    feature: probe.feature,
    verdict: outcome.verdict,
    reason: outcome.reason,
    latencyMs,
    ttftMs: typeof ttft === "number" ? ttft : null,
    evidence,
    ...compareDeclared(probe.capability, declared, outcome.verdict),
  };
}

/** Runs `opts.probes`; resolves with the records reported (cancelled probes are left out). */
export async function runProbes(opts: RunProbesOptions): Promise<ProbeRecord[]> {
  const client = ProbeUpstream.clientFor(opts.target);
  const secrets = providerSecrets(opts.target);
  const declaredFor = opts.declaredFor ?? createDeclaredLookup(opts.target, undefined, opts.signal);
  const records: ProbeRecord[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < opts.probes.length && !opts.signal?.aborted) {
      const probe = opts.probes[next++] as Probe;
      opts.onStart?.(probe.feature);
      const record = await runOne(probe, opts, client, declaredFor, secrets);
      if (!record || opts.signal?.aborted) continue;
      records.push(record);
      await opts.onResult?.(record);
    }
  };
  const workers = Math.max(1, Math.min(opts.target.concurrency, opts.probes.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return records;
}
