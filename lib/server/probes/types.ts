import "server-only";
import type { ProviderKind } from "@/lib/providers/presets";
import type { FeatureGroup, Verdict } from "@/lib/schemas/probes";
import type { UpstreamProvider } from "../upstream/client";
import type { DeclaredCapability } from "../upstream/models";
import type { ProbeUpstream, RequestFailureInfo } from "./upstream";

/**
 * The shape of a probe: one feature, one `run` that talks to the provider through
 * {@link ProbeUpstream} and returns a verdict judged from the response content. Transport
 * failures and refusals are not the probe's business: whatever the upstream helpers throw,
 * the runner classifies (refusal → `unsupported`, outage → `error`).
 */

/** What a probe needs to know about the provider (a stored provider or an ad-hoc URL). */
export type ProbeProvider = UpstreamProvider & {
  name: string;
  kind: ProviderKind;
  /** Probes run at once, at most. */
  concurrency: number;
  embeddingModel: string | null;
};

/**
 * What a server declares for one model: the capabilities it has, the ones it made any
 * statement about (yes or no), and where that came from; null: it declares nothing.
 */
export type Declared = { capabilities: DeclaredCapability[]; known: DeclaredCapability[]; source: string } | null;

/**
 * Flags a result carries for the degradation rules: what the server requires beyond the
 * spec (`requires:*`) and native equivalents that work where the OpenAI form does not
 * (`native:*`). The playground and the gateway read them with the verdicts.
 */
export const RESULT_FLAGS = [
  /** A function tool without `description` (optional in the spec) is refused: fill it in. */
  "requires:tool_description",
  /** An assistant tool-call message with `content: null` is refused: send "" instead. */
  "requires:tool_call_content",
  /** `stop` as a single string is refused: send an array. */
  "requires:stop_array",
  /** `input` as a single string is refused: send an array. */
  "requires:embedding_input_array",
  /** llama.cpp: a schema in `response_format: {type: "json_object", schema}` is enforced. */
  "native:json_object_schema",
] as const;
/** One of {@link RESULT_FLAGS}. */
export type ResultFlag = (typeof RESULT_FLAGS)[number];

/** Whether a stored string is one of {@link RESULT_FLAGS}. */
export function isResultFlag(value: string): value is ResultFlag {
  return (RESULT_FLAGS as readonly string[]).includes(value);
}

/** What a probe decided. Evidence (the exchanges) is collected by the upstream helpers. */
export type ProbeOutcome = {
  verdict: Verdict;
  /** One sentence a person reads in the matrix. */
  reason: string;
  /** Probe-specific facts worth keeping (counts, the model's answer…); bounded by the runner. */
  details?: Record<string, unknown>;
  /** See {@link RESULT_FLAGS}. */
  flags?: ResultFlag[];
};

/** Handed to {@link Probe.run}. */
export type ProbeContext = {
  /** The model under test. */
  model: string;
  provider: ProbeProvider;
  upstream: ProbeUpstream;
  /** Aborts on cancel and at the probe's deadline. */
  signal: AbortSignal;
  /** Declared capabilities of any model of the provider (memoised per run). */
  declaredFor(model: string): Promise<Declared>;
  /** Records that the probe tested another model (e.g. the embedding model) than the run's. */
  recordModel(model: string): void;
  /** A failed sub-request in verdict terms, by the run's comparison rule (classify.ts). */
  classify(failure: RequestFailureInfo): ProbeOutcome;
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
   * What the probe's request adds to a plain chat, for reasons: "HTTP 500 only when
   * `n: 2` is sent: …" (classify.ts).
   */
  sends: string;
  /**
   * Field or feature words that, in a 500's own message, name the feature. Only a secondary
   * signal, used when there is no working baseline to compare with (classify.ts).
   */
  fields: readonly string[];
  /** Whether the probe needs chat completions (default true); models, completions and embeddings do not. */
  needsChat?: boolean;
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

/**
 * The check was not exercised: the model did something by chance that decides nothing
 * (ended early under `max_tokens`, made no call under `tool_choice: auto`…). `error`, never
 * `partial`: nothing was observed to be ignored.
 */
export function notExercised(reason: string, details?: Record<string, unknown>): ProbeOutcome {
  return { verdict: "error", reason: `No conclusion: not exercised: ${reason}`, ...(details ? { details } : {}) };
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
