import "server-only";
import type { AttemptView, Degradation, TargetView } from "@/lib/schemas/playground";
import type { AttemptFailure, TargetReply } from "./attempt";
import type { EngineFailure, EngineFailureKind, EngineSink, EngineSuccess, EngineTiming } from "./engine-types";
import type { Outcome } from "./outcome";

/**
 * What the engine's fallback loop has seen of a call so far: every target left and why (told
 * to the sink as it happens), when things happened, and what the call's result says — the
 * answer, the failure that ended it, or, once every target was left, why none answered.
 */
export class FallbackLedger {
  readonly attempts: AttemptView[] = [];
  private readonly startedAt = performance.now();
  private targetStartedAt = this.startedAt;
  private lostMs = 0;
  private lastOutage: Outcome | undefined;
  private unservable: { feature: string } | undefined;
  /** How long until each open circuit lets a trial through. */
  private readonly open: number[] = [];
  private timeouts = 0;
  private failures = 0;

  constructor(private readonly sink: EngineSink) {}

  record(attempt: AttemptView): void {
    this.attempts.push(attempt);
    if (attempt.outcome !== "answered") this.sink.onLeft?.(attempt);
  }

  skipped(view: TargetView, reason: string): void {
    this.record({ ...view, outcome: "skipped", reason, requests: 0 });
  }

  /** Skipped: its verdicts say it cannot serve what the request needs. */
  blocked(view: TargetView, blocked: { feature: string; verdict: string; reason: string }): void {
    this.unservable ??= { feature: blocked.feature };
    this.skipped(view, `${blocked.feature}: ${blocked.verdict} (${blocked.reason})`);
  }

  /** Skipped: its circuit is open (`until`), or its one trial request is under way (null). */
  circuitOpen(view: TargetView, admission: { until: number | null; reason: string }): void {
    if (admission.until !== null) this.open.push(admission.until - Date.now());
    const until =
      admission.until === null
        ? "a trial request is under way"
        : `open until ${new Date(admission.until).toISOString().slice(11, 19)}`;
    this.skipped(view, `circuit ${until} (${admission.reason})`);
  }

  /** A target is called now (the time lost on failed ones ends here). */
  calling(): void {
    if (this.attempts.some((a) => a.outcome === "failed")) {
      this.lostMs = Math.round(performance.now() - this.startedAt);
    }
    this.targetStartedAt = performance.now();
  }

  /** A target failed before committing anything, and the call moves on. */
  movedOn(outcome: Outcome): void {
    this.lastOutage = outcome;
    this.failures++;
    if (/^timed out/.test(outcome.what)) this.timeouts++;
  }

  timing(firstTokenAt: number | null): EngineTiming {
    const { startedAt, targetStartedAt, lostMs } = this;
    return { startedAt, targetStartedAt, firstTokenAt, endedAt: performance.now(), lostMs };
  }

  answered(view: TargetView, requests: number, reply: TargetReply): EngineSuccess {
    this.record({ ...view, outcome: "answered", requests });
    return {
      ok: true,
      completion: reply.completion,
      answeredBy: view,
      attempts: this.attempts,
      degradations: reply.degradations,
      validation: reply.validation,
      timing: this.timing(reply.firstTokenAt),
      deltas: reply.deltas,
    };
  }

  /** The call ends with this target's failure: what it committed and the degradations it tried go with it. */
  endedBy(err: AttemptFailure, kind: EngineFailureKind, message: string, status?: number): EngineFailure {
    return {
      ok: false,
      kind,
      message,
      ...(status === undefined ? {} : { status }),
      attempts: this.attempts,
      degradations: err.degradations,
      content: err.content,
      timing: this.timing(null),
    };
  }

  /** Every target was left: why none answered (none could serve it, every circuit open, or they failed). */
  unanswered(): EngineFailure {
    const { attempts, failures, unservable, lastOutage } = this;
    const base = { attempts, degradations: [] as Degradation[], content: "", timing: this.timing(null) };
    const each = attempts.map((a) => `${a.providerName} (${a.model}): ${a.reason}`).join("; ");
    if (failures === 0 && unservable) {
      return {
        ok: false,
        kind: "unservable",
        feature: unservable.feature,
        message: `No target can serve ${unservable.feature}: ${each}`,
        ...base,
      };
    }
    if (failures === 0 && this.open.length > 0) {
      return {
        ok: false,
        kind: "circuit_open",
        message: `Every target's circuit is open: ${each}`,
        retryAfterMs: Math.max(1000, Math.min(...this.open)),
        ...base,
      };
    }
    const only = attempts.length === 1 ? attempts[0] : undefined;
    const message = only
      ? `${only.providerName} failed before answering: ${only.reason}`
      : `Every target failed before answering — ${attempts.map((a) => `${a.providerName}: ${a.reason ?? a.outcome}`).join("; ")}`;
    return {
      ok: false,
      kind: lastOutage?.class === "refusal" && failures === 1 && attempts.length === 1 ? "refused" : "outage",
      message,
      ...(lastOutage?.status === undefined ? {} : { status: lastOutage.status }),
      ...(failures > 0 && this.timeouts === failures ? { timedOut: true } : {}),
      ...base,
    };
  }
}
