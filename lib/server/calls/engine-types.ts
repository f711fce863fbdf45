import "server-only";
import type { ChatCompletion, ChatCompletionChunk } from "openai/resources/chat/completions";
import type { AttemptView, Degradation, ReplyValidation, TargetView } from "@/lib/schemas/playground";

/** What goes into the call engine (engine.ts) and what comes out of it. */

export type EngineTarget = { providerId: string; model: string };

/** What differs between callers. */
export type CallPolicy = {
  /** Skip targets whose latest verdicts say they cannot serve a needed feature (the gateway). */
  routeByCapability: boolean;
  /** After a refusal nothing can degrade: the next target (the gateway), or the end (the playground). */
  refusalMovesOn: boolean;
  /** Hold back a streamed reply that will be validated (it may be repaired: bytes cannot be taken back). */
  holdValidatedStreams: boolean;
};

/** Where the engine's events go. Must never throw. */
export type EngineSink = {
  onAttempt?: (target: TargetView, index: number) => void;
  onDegradation?: (d: Degradation) => void;
  /** A target was left (skipped, refused or failed) with its reason, as it happens. */
  onLeft?: (attempt: AttemptView) => void;
  /** Committed output, for callers that stream to their client. */
  onChunk?: (chunk: ChatCompletionChunk) => void;
  /** The output so far is discarded: a repair follows (only when streams are not held). */
  onReset?: (reason: string) => void;
};

/** When things happened (performance.now()). */
export type EngineTiming = {
  startedAt: number;
  /** When the answering (or last) target was called. */
  targetStartedAt: number;
  firstTokenAt: number | null;
  endedAt: number;
  /** Time spent on targets that failed before the one that answered. */
  lostMs: number;
};

export type EngineSuccess = {
  ok: true;
  completion: ChatCompletion;
  answeredBy: TargetView;
  attempts: AttemptView[];
  degradations: Degradation[];
  validation: ReplyValidation | null;
  timing: EngineTiming;
  /** Content and tool-call pieces received (the token count when the server reports no usage). */
  deltas: number;
};

/** Why a call failed as a whole. */
export type EngineFailureKind =
  /** the (last) target refused the request and nothing could degrade it */
  | "refused"
  /** every target failed (connection, timeout, 5xx, 429, auth, model missing) */
  | "outage"
  /** the reply broke off after it was committed */
  | "stream"
  | "aborted"
  /** no target can serve a needed feature (their verdicts say so) */
  | "unservable"
  /** every target's circuit is open */
  | "circuit_open";

export type EngineFailure = {
  ok: false;
  kind: EngineFailureKind;
  message: string;
  /** The upstream's HTTP status, when it answered. */
  status?: number;
  /** Every target timed out (a gateway answers 504). */
  timedOut?: boolean;
  /** When an open circuit lets a trial through again. */
  retryAfterMs?: number;
  /** The feature no target could serve (unservable). */
  feature?: string;
  attempts: AttemptView[];
  degradations: Degradation[];
  /** What had been committed before the failure. */
  content: string;
  timing: EngineTiming;
};

export type EngineResult = EngineSuccess | EngineFailure;
