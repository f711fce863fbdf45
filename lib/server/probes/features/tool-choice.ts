import "server-only";
import type { ChatCompletionToolChoiceOption } from "openai/resources/chat/completions";
import { classifyFailure, isRefusal } from "../classify";
import { CHITCHAT_PROMPT, TOOLS, ask, toolCallProblem, toolCallsOf } from "../helpers";
import { UpstreamError } from "../../upstream/errors";
import { type ProbeContext, defineProbe, partial, supported, unsupported } from "../types";

const FIELDS = ["tool_choice"];

type Case = { label: string; choice: ChatCompletionToolChoiceOption; expect: string | null };
type Seen = { label: string; outcome: "honoured" | "ignored" | "refused"; note: string };

const CASES: Case[] = [
  { label: "required", choice: "required", expect: null },
  { label: "named function", choice: { type: "function", function: { name: "get_time" } }, expect: "get_time" },
];

async function tryCase(ctx: ProbeContext, c: Case): Promise<Seen> {
  const attempt = await ctx.upstream.attempt(() =>
    ctx.upstream.chat({ model: ctx.model, messages: ask(CHITCHAT_PROMPT), tools: TOOLS, tool_choice: c.choice }),
  );
  if (!attempt.ok) {
    // An outage decides nothing: the whole probe is `error` (rethrown for the runner).
    if (!isRefusal(attempt.failure, FIELDS)) {
      throw new UpstreamError(attempt.failure.kind, attempt.failure.message, attempt.failure.status);
    }
    return { label: c.label, outcome: "refused", note: classifyFailure(attempt.failure, FIELDS).reason };
  }
  const calls = toolCallsOf(attempt.value.choices?.[0]?.message);
  if (calls.length === 0) return { label: c.label, outcome: "ignored", note: "no tool call" };
  const first = calls[0] ?? {};
  if (c.expect && first.function?.name !== c.expect) {
    return { label: c.label, outcome: "ignored", note: `called ${first.function?.name ?? "?"} instead of ${c.expect}` };
  }
  const problem = toolCallProblem(first);
  return problem
    ? { label: c.label, outcome: "ignored", note: problem }
    : { label: c.label, outcome: "honoured", note: `called ${first.function?.name}` };
}

/**
 * `tool_choice`: a forced named function and `required`, each with a prompt that needs no
 * tool, so only an honoured tool_choice produces the call. Ollama ignores tool_choice
 * (ollama/ollama#8421, #17921); LM Studio refuses the object form with 400 (#670).
 */
export const toolChoiceProbe = defineProbe({
  feature: "tool_choice",
  title: "Forced tool choice",
  group: "tools",
  description: 'tool_choice "required" and a named function both force the call, even when the prompt needs none.',
  fields: FIELDS,
  requests: 2,
  async run(ctx) {
    const seen: Seen[] = [];
    for (const c of CASES) seen.push(await tryCase(ctx, c));
    const summary = seen.map((s) => `${s.label}: ${s.outcome} (${s.note})`).join("; ");
    const details = { cases: seen };
    if (seen.every((s) => s.outcome === "honoured")) return supported(`Both forms honoured: ${summary}.`, details);
    if (seen.every((s) => s.outcome === "refused")) return unsupported(`Both forms refused: ${summary}.`, details);
    return partial(`Not every form honoured: ${summary}.`, details);
  },
});
