import "server-only";
import type { ProviderKind } from "@/lib/providers/presets";
import type { FeatureGroup, Verdict } from "@/lib/schemas/probes";
import type { UpstreamProvider } from "../upstream/client";
import type { DeclaredCapability } from "../upstream/models";
import type { ProbeUpstream } from "./upstream";

/**
 * The shape of a probe: one feature, one `run` that talks to the provider through
 * {@link ProbeUpstream} and returns a verdict judged from the response content. Transport
 * failures and refusals are not the probe's business: whatever the upstream helpers throw,
 * the runner classifies (refusal → `unsupported`, outage → `error`).
 */

/** What a probe needs to know about the provider (a stored provider or an ad-hoc URL). */
export type ProbeTarget = UpstreamProvider & {
  name: string;
  kind: ProviderKind;
  /** Probes run at once, at most. */
  concurrency: number;
  embeddingModel: string | null;
};

/** Capabilities a server declares for one model, and where that came from; null: it declares none. */
export type Declared = { capabilities: DeclaredCapability[]; source: string } | null;

/** What a probe decided. Evidence (the exchanges) is collected by the upstream helpers. */
export type ProbeOutcome = {
  verdict: Verdict;
  /** One sentence a person reads in the matrix. */
  reason: string;
  /** Probe-specific facts worth keeping (counts, the model's answer…); bounded by the runner. */
  details?: Record<string, unknown>;
};

/** Handed to {@link Probe.run}. */
export type ProbeContext = {
  /** The model under test. */
  model: string;
  target: ProbeTarget;
  upstream: ProbeUpstream;
  /** Aborts on cancel and at the probe's deadline. */
  signal: AbortSignal;
  /** Declared capabilities of any model of the provider (memoised per run). */
  declaredFor(model: string): Promise<Declared>;
  /** Records that the probe tested another model (e.g. the embedding model) than the run's. */
  recordModel(model: string): void;
};

/** One probe: one feature of the catalogue. Build it with {@link defineProbe}. */
export type Probe = {
  /** The feature name stored with results, e.g. `json_mode`. */
  feature: string;
  title: string;
  group: FeatureGroup;
  /** What "supported" means, one sentence (shown beside the matrix). */
  description: string;
  /**
   * Field or feature words that, in an HTTP 500's message, mean the server refused this
   * feature rather than failed: llama.cpp answers `n` ≠ 1 and tools+stream with 500
   * (QUIRKS.md, ggml-org/llama.cpp#9522).
   */
  fields: readonly string[];
  /** The declared capability this feature shows (for "declared vs observed"). */
  capability?: DeclaredCapability;
  /** Requests the probe makes one after another; its deadline is this many provider timeouts. */
  requests?: number;
  run(ctx: ProbeContext): Promise<ProbeOutcome>;
};

/** Declares a probe (identity, for type checking and one obvious place to look). */
export function defineProbe(probe: Probe): Probe {
  return probe;
}

/** Accepted and honoured, checked on the content. */
export function supported(reason: string, details?: Record<string, unknown>): ProbeOutcome {
  return { verdict: "supported", reason, ...(details ? { details } : {}) };
}

/** Accepted but not (fully) honoured. */
export function partial(reason: string, details?: Record<string, unknown>): ProbeOutcome {
  return { verdict: "partial", reason, ...(details ? { details } : {}) };
}

/** Explicitly refused (used by probes that combine sub-cases; single refusals come from the runner). */
export function unsupported(reason: string, details?: Record<string, unknown>): ProbeOutcome {
  return { verdict: "unsupported", reason, ...(details ? { details } : {}) };
}

/** A prerequisite is missing (no embedding model, no vision model). */
export function skipped(reason: string, details?: Record<string, unknown>): ProbeOutcome {
  return { verdict: "skipped", reason, ...(details ? { details } : {}) };
}

/** Deeply optional: servers that copy the API leave out fields the SDK's types promise. */
export type Loose<T> = T extends readonly (infer U)[]
  ? Loose<U>[]
  : T extends object
    ? { [K in keyof T]?: Loose<T[K]> | null }
    : T | null | undefined;
