import "server-only";
import type { ChatCompletionToolChoiceOption } from "openai/resources/chat/completions";
import { CHITCHAT_PROMPT, TOOLS, ask, toolCallIdProblem, toolCallProblem, toolCallsOf } from "../helpers";
import { type ProbeContext, defineProbe, partial, supported, unsupported } from "../types";
import { RequestFailure } from "../upstream";

type Case = { label: string; choice: ChatCompletionToolChoiceOption; expect: string | null };
/** `honoured` with a `note` when the forced call came out defective (an empty id…): forcing worked, the call did not. */
type Seen = { label: string; outcome: "honoured" | "ignored" | "refused"; note: string; defect?: string };

const CASES: Case[] = [
  { label: "required", choice: "required", expect: null },
  { label: "named function", choice: { type: "function", function: { name: "get_time" } }, expect: "get_time" },
];

async function tryCase(ctx: ProbeContext, c: Case): Promise<Seen> {
  const attempt = await ctx.upstream.capture(() =>
    ctx.upstream.chat({ model: ctx.model, messages: ask(CHITCHAT_PROMPT), tools: TOOLS, tool_choice: c.choice }),
  );
  if (!attempt.ok) {
    const verdict = ctx.classify(attempt.failure);
    // An outage decides nothing: the whole probe is `error` (rethrown for the runner).
    if (verdict.verdict !== "unsupported") throw new RequestFailure(attempt.failure);
    return { label: c.label, outcome: "refused", note: verdict.reason };
  }
  const calls = toolCallsOf(attempt.value.choices?.[0]?.message);
  if (calls.length === 0) return { label: c.label, outcome: "ignored", note: "no tool call" };
  const first = calls[0] ?? {};
  if (c.expect && first.function?.name !== c.expect) {
    return { label: c.label, outcome: "ignored", note: `called ${first.function?.name ?? "?"} instead of ${c.expect}` };
  }
  const defect = toolCallProblem(first) ?? toolCallIdProblem([first]);
  return defect
    ? { label: c.label, outcome: "honoured", note: `called ${first.function?.name}`, defect }
    : { label: c.label, outcome: "honoured", note: `called ${first.function?.name}` };
}

/**
 * `tool_choice`: a forced named function and `required`, each with a prompt that needs no
 * tool, so only an honoured tool_choice produces the call. A forced call that came out
 * defective (an empty id, bad arguments) was still forced: the reason says "honoured, but …"
 * and the verdict is `partial` for the defect, not "ignored". Ollama ignores tool_choice
 * (ollama/ollama#8421, #17921); LM Studio refuses the object form with 400 (#670).
 */
export const toolChoiceProbe = defineProbe({
  feature: "tool_choice",
  title: "Forced tool choice",
  group: "tools",
  description: 'tool_choice "required" and a named function both force the call, even when the prompt needs none.',
  sends: "`tool_choice`",
  fields: ["tool_choice"],
  requests: 2,
  async run(ctx) {
    const seen: Seen[] = [];
    for (const c of CASES) seen.push(await tryCase(ctx, c));
    const describe = (s: Seen) =>
      s.defect ? `${s.label}: honoured, but ${s.defect}` : `${s.label}: ${s.outcome} (${s.note})`;
    const summary = seen.map(describe).join("; ");
    const details = { cases: seen };
    if (seen.every((s) => s.outcome === "honoured" && !s.defect))
      return supported(`Both forms honoured: ${summary}.`, details);
    if (seen.every((s) => s.outcome === "refused")) return unsupported(`Both forms refused: ${summary}.`, details);
    return partial(`Not every form fully honoured: ${summary}.`, details);
  },
});
