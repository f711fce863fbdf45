import "server-only";
import { BOTH_PROMPT, TOOLS, ask, toolCallProblem, toolCallsOf } from "../helpers";
import { defineProbe, partial, supported } from "../types";

/**
 * `parallel_tool_calls`: a prompt that needs both tools yields two valid calls in one
 * message, and `parallel_tool_calls: false` limits it to one. Ollama and vLLM ignore the
 * field (QUIRKS.md); llama.cpp defaults to false but honours it.
 */
export const parallelToolCallsProbe = defineProbe({
  feature: "parallel_tool_calls",
  title: "Parallel tool calls",
  group: "tools",
  description: "Two tool calls in one message when asked for both, and one when parallel_tool_calls is false.",
  fields: ["parallel_tool_calls"],
  requests: 2,
  async run({ upstream, model }) {
    const call = (parallel: boolean) =>
      upstream.chat({
        model,
        messages: ask(BOTH_PROMPT),
        tools: TOOLS,
        tool_choice: "required",
        parallel_tool_calls: parallel,
      });
    const on = toolCallsOf((await call(true)).choices?.[0]?.message);
    const problem = on.map((c) => toolCallProblem(c)).find(Boolean);
    if (problem) return partial(`Tool calls came back, but ${problem}.`);
    const names = on.map((c) => c.function?.name);
    if (on.length < 2) {
      return partial(`Asked for the weather and the time, got ${on.length} tool call(s) in one message.`, { names });
    }
    const off = toolCallsOf((await call(false)).choices?.[0]?.message);
    if (off.length > 1) {
      return partial(`Two parallel calls work, but parallel_tool_calls: false was ignored (${off.length} calls).`, {
        names,
      });
    }
    return supported(`Two calls in one message (${names.join(", ")}); one with parallel_tool_calls: false.`, { names });
  },
});
