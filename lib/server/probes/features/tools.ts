import "server-only";
import {
  WEATHER_PROMPT,
  WEATHER_TOOL,
  ask,
  isJsonObject,
  parseJson,
  quote,
  toolCallProblem,
  toolCallsOf,
} from "../helpers";
import { defineProbe, partial, supported } from "../types";

/**
 * `tools` (tool_choice auto): a `get_weather` call with a non-empty id and arguments that
 * validate against its parameters. vLLM without `--enable-auto-tool-choice` refuses with
 * 400 (vllm#9986); a call written into the content as text is `partial`.
 */
export const toolsProbe = defineProbe({
  feature: "tools",
  title: "Tool calling",
  group: "tools",
  description: "tools (auto): tool_calls with the right function, valid arguments and ids, finish_reason tool_calls.",
  fields: ["tools", "tool_choice"],
  capability: "tools",
  async run({ upstream, model }) {
    const res = await upstream.chat({ model, messages: ask(WEATHER_PROMPT), tools: [WEATHER_TOOL] });
    const choice = res.choices?.[0];
    const calls = toolCallsOf(choice?.message);
    if (calls.length === 0) {
      const content = choice?.message?.content ?? "";
      const asText = parseJson(content.trim().replace(/^```(json)?|```$/g, ""));
      if (isJsonObject(asText) && ("name" in asText || "function" in asText)) {
        return partial(`Accepted, but the tool call came back as plain text: ${quote(content)}.`);
      }
      return partial(`Accepted, but no tool call was made (answered ${quote(content)}).`);
    }
    const first = calls[0] ?? {};
    if (first.function?.name !== "get_weather") {
      return partial(`Called ${quote(first.function?.name ?? "")} instead of get_weather.`);
    }
    const problem = toolCallProblem(first);
    if (problem) return partial(`Called get_weather, but ${problem}.`);
    if (choice?.finish_reason !== "tool_calls") {
      return partial(
        `Called get_weather, but finish_reason is ${quote(String(choice?.finish_reason))}, not "tool_calls".`,
      );
    }
    return supported("Called get_weather with valid arguments and an id; finish_reason tool_calls.", {
      arguments: first.function.arguments,
    });
  },
});
