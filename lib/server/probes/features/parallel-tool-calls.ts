import "server-only";
import { BOTH_PROMPT, TOOLS, ask, toolCallIdProblem, toolCallProblem, toolCallsOf } from "../helpers";
import { defineProbe, notExercised, partial, supported } from "../types";

/**
 * `parallel_tool_calls`: a prompt that needs both tools yields two calls in one message, and
 * `parallel_tool_calls: false` limits it to one. Whether parallel calls work is judged
 * first and on its own: a defect of the calls (an empty id) is reported beside it, not in
 * its place. One call for a prompt needing two may be the model's choice: not exercised.
 * Ollama and vLLM ignore the field (QUIRKS.md); llama.cpp defaults to false but honours it.
 */
export const parallelToolCallsProbe = defineProbe({
  feature: "parallel_tool_calls",
  title: "Parallel tool calls",
  group: "tools",
  description: "Two tool calls in one message when asked for both, and one when parallel_tool_calls is false.",
  sends: "`parallel_tool_calls`",
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
    const names = on.map((c) => c.function?.name);
    if (on.length < 2) {
      return on.length === 1
        ? notExercised("the model made one call for a prompt that needs two (weather and time).", { names })
        : partial("Asked for the weather and the time with tool_choice required, but no tool call came back.", {
            names,
          });
    }
    const defect = on.map((c) => toolCallProblem(c)).find(Boolean) ?? toolCallIdProblem(on);
    const off = toolCallsOf((await call(false)).choices?.[0]?.message);
    const but = defect ? `, but ${defect}` : "";
    if (off.length > 1) {
      return partial(
        `Two calls in one message work${but}; parallel_tool_calls: false was ignored (${off.length} calls).`,
        {
          names,
        },
      );
    }
    if (defect) return partial(`Parallel calls work (${names.join(", ")}; one with false)${but}.`, { names });
    return supported(`Two calls in one message (${names.join(", ")}); one with parallel_tool_calls: false.`, { names });
  },
});
