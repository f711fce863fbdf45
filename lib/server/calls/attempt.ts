import "server-only";
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import type { Degradation, ReplyValidation } from "@/lib/schemas/playground";
import type { UpstreamFailure } from "../upstream/errors";
import type { CallPolicy, EngineSink, EngineTarget } from "./engine-types";
import { callTimes, reindex } from "./n-calls";
import { completionAsChunks, envelope, hasContent } from "./normalize";
import { type Outcome, classifyOutcome } from "./outcome";
import { type CallPlan, type ChatBody, applyPlan, degradeAfterRefusal, planCall, repairs } from "./plan";
import type { CallableProvider } from "./providers";
import { describeFailure } from "./settle";
import { IdleWatchdog, callWatched } from "./upstream-call";
import { repairMessages, validateReply } from "./validate";
import type { LatestVerdict } from "./verdicts";

/**
 * One target of a call (the engine's fallback loop tries them in order): its plan from its
 * verdicts, the call (n calls when emulating `n`), degraded retries after refusals, and
 * validation of a JSON reply with one repair. Chunks reach the caller only past the commit
 * point ({@link CommitGate}).
 */

/** Degraded retries of one target after refusals, at most. */
const MAX_REFUSAL_ROUNDS = 3;

/** Request fields a refusal's message may name (a 500 naming one is a refusal: llama.cpp refuses with 500). */
export const REQUEST_FIELDS = [
  "response_format",
  "json_schema",
  "json_object",
  "stream",
  "stream_options",
  "tools",
  "tool_choice",
  "max_tokens",
  "max_completion_tokens",
  "seed",
  "stop",
  "top_p",
  "temperature",
  "image_url",
  "parallel_tool_calls",
];

/** A target failed: what happened, whether anything was committed, and the degradations it tried. */
export class AttemptFailure extends Error {
  constructor(
    readonly outcome: Outcome,
    readonly failureMessage: string,
    readonly committed: boolean,
    readonly degradations: Degradation[],
    readonly content: string,
  ) {
    super(failureMessage);
  }
}

/** What the answering target gave. */
export type TargetReply = {
  completion: ChatCompletion;
  degradations: Degradation[];
  validation: ReplyValidation | null;
  firstTokenAt: number | null;
  deltas: number;
};

export type AttemptContext = {
  policy: CallPolicy;
  signal: AbortSignal;
  sink: EngineSink;
  counter: { requests: number };
};

/**
 * The commit point of one target's reply: nothing goes to the sink before the first content
 * or tool-call delta (what comes first waits for it), and nothing at all while a reply that
 * will be validated is held back. Counts the pieces and keeps choice 0's text, which a
 * failure reports as what had been committed.
 */
class CommitGate {
  committed = false;
  firstTokenAt: number | null = null;
  content = "";
  pieces = 0;

  constructor(private readonly sink: EngineSink) {}

  /**
   * The chunk handler of one round (a degraded retry or a repair starts another). Each round
   * keeps its own held chunks: a call of an earlier round still streaming feeds its own.
   */
  round(hold: boolean): (chunk: ChatCompletionChunk) => void {
    const pending: ChatCompletionChunk[] = [];
    return (chunk) => {
      if (hasContent(chunk)) {
        this.firstTokenAt ??= performance.now();
        this.pieces++;
      }
      for (const c of chunk.choices) if (c.index === 0 && c.delta.content) this.content += c.delta.content;
      if (hold || !this.sink.onChunk) return;
      if (!this.committed && !hasContent(chunk)) {
        pending.push(chunk);
        return;
      }
      if (!this.committed) {
        this.committed = true;
        pending.splice(0).forEach((c) => this.sink.onChunk?.(c));
      }
      this.sink.onChunk(chunk);
    };
  }
}

/** One target: plan, call (n calls when emulating `n`), degraded retries after refusals, validation and one repair. */
export async function attemptTarget(
  body: ChatBody,
  target: EngineTarget,
  callable: CallableProvider,
  verdicts: ReadonlyMap<string, LatestVerdict>,
  ctx: AttemptContext,
): Promise<TargetReply> {
  return new TargetAttempt(body, target, callable, verdicts, ctx).run();
}

/** {@link attemptTarget}'s state across its rounds. */

class TargetAttempt {
  private plan: CallPlan;
  /** The repair turn, once a reply failed validation. */
  private extra: ChatCompletionMessageParam[] = [];
  private upstreamBody: ChatBody | undefined;
  private repaired = false;
  private readonly gate: CommitGate;

  constructor(
    private readonly body: ChatBody,
    private readonly target: EngineTarget,
    private readonly callable: CallableProvider,
    private readonly verdicts: ReadonlyMap<string, LatestVerdict>,
    private readonly ctx: AttemptContext,
  ) {
    this.plan = planCall(body, verdicts);
    this.plan.degradations.forEach((d) => ctx.sink.onDegradation?.(d));
    this.gate = new CommitGate(ctx.sink);
  }

  async run(): Promise<TargetReply> {
    const { gate, ctx } = this;
    for (let round = 0; ; round++) {
      // A reply that will be validated is held back when the caller cannot take bytes back.
      const hold = repairs(this.plan) && ctx.policy.holdValidatedStreams;
      let completion: ChatCompletion;
      try {
        completion = await this.call(gate.round(hold));
      } catch (err) {
        const failure = describeFailure(err, this.callable.provider, this.upstreamBody);
        const outcome = classifyOutcome(failure, REQUEST_FIELDS);
        if (this.degradedAfter(failure, outcome, round)) continue;
        throw new AttemptFailure(outcome, failure.message, gate.committed, this.plan.degradations, gate.content);
      }
      const text = completion.choices[0]?.message.content ?? "";
      const madeCalls = (completion.choices[0]?.message.tool_calls?.length ?? 0) > 0;
      const validation = madeCalls ? null : validateReply(this.body, text);
      if (validation && !validation.valid && repairs(this.plan) && !this.repaired) {
        this.repairNext(text, validation);
        continue;
      }
      if (hold && ctx.sink.onChunk) {
        // The validated (or last) reply, delivered now that it will not be taken back.
        completionAsChunks(completion).forEach((c) => ctx.sink.onChunk?.(c));
        gate.firstTokenAt ??= performance.now();
      }
      return {
        completion,
        degradations: this.plan.degradations,
        validation,
        firstTokenAt: gate.firstTokenAt,
        deltas: gate.pieces,
      };
    }
  }

  /** One round's call under the current plan (n at once when emulating `n`), each chunk to `onChunk`. */
  private call(onChunk: (chunk: ChatCompletionChunk) => void): Promise<ChatCompletion> {
    const { provider, client } = this.callable;
    const { signal, counter } = this.ctx;
    // The target's own model: the caller's `model` may be a route name.
    const upstreamBody: ChatBody = { ...applyPlan(this.body, this.plan, this.extra), model: this.target.model };
    this.upstreamBody = upstreamBody;
    const env = envelope(this.target.model);
    return callTimes(this.plan.calls, (i) => {
      const watchdog = new IdleWatchdog(provider.timeoutMs);
      return callWatched(
        client,
        upstreamBody,
        env,
        {
          watchdog,
          signal,
          observer: {
            onRequest: () => counter.requests++,
            onResponse: (res) => (res.ok ? watchdog.arm() : watchdog.clear()),
          },
        },
        (chunk) => onChunk(i === 0 ? chunk : reindex(chunk, i)),
      );
    });
  }

  /** After a refusal before anything was committed: the plan degraded for a retry, if anything can degrade. */
  private degradedAfter(failure: UpstreamFailure, outcome: Outcome, round: number): boolean {
    const { plan, gate } = this;
    if (outcome.class !== "refusal" || gate.committed || round >= MAX_REFUSAL_ROUNDS) return false;
    if (failure.status === undefined) return false;
    const refusal = { status: failure.status, message: failure.message };
    const next = degradeAfterRefusal(this.body, plan, refusal, this.verdicts);
    if (!next) return false;
    next.degradations.slice(plan.degradations.length).forEach((d) => this.ctx.sink.onDegradation?.(d));
    this.plan = next;
    gate.content = "";
    return true;
  }

  /** An invalid reply gets one repair: the output so far is discarded (the caller told, if it saw any). */
  private repairNext(text: string, validation: ReplyValidation): void {
    const { gate } = this;
    this.repaired = true;
    this.extra = repairMessages(text, validation);
    if (gate.committed) {
      this.ctx.sink.onReset?.(`The reply was invalid (${validation.error}); asking once more to repair it.`);
    }
    gate.committed = false;
    gate.content = "";
    gate.pieces = 0;
  }
}
