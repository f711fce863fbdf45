import "server-only";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import {
  MINIMAL_WEATHER_TOOL,
  WEATHER_PROMPT,
  WEATHER_TOOL,
  type LooseToolCall,
  ask,
  isJsonObject,
  parseJson,
  quote,
  toolCallIdProblem,
  toolCallProblem,
  toolCallsOf,
} from "../helpers";
import { type ProbeContext, type ResultFlag, defineProbe, notExercised, partial, supported } from "../types";

/** Applications' usual forms, sent after a call worked; what the server refuses is recorded as a flag. */
async function minimalForms(ctx: ProbeContext, call: LooseToolCall): Promise<{ flags: ResultFlag[]; notes: string[] }> {
  const { upstream, model } = ctx;
  const flags: ResultFlag[] = [];
  const notes: string[] = [];
  // A tool without `description`: optional in OpenAI's spec; some llama.cpp builds answer
  // 500 "Failed to parse tools: … key 'description' not found".
  const bare = await upstream.capture(() =>
    upstream.chat({ model, messages: ask(WEATHER_PROMPT), tools: [MINIMAL_WEATHER_TOOL], tool_choice: "required" }),
  );
  if (!bare.ok && ctx.classify(bare.failure).verdict === "unsupported") {
    flags.push("requires:tool_description");
    notes.push(`requires a description on every tool (${bare.failure.message.slice(0, 90)})`);
  }
  // The round trip every application makes: the assistant's tool-call turn (content null,
  // as the SDKs send it), then the tool's result.
  const turn: ChatCompletionMessageParam[] = [
    ...ask(WEATHER_PROMPT),
    {
      role: "assistant",
      content: null,
      tool_calls: [
        {
          id: call.id || "call_1",
          type: "function",
          function: { name: "get_weather", arguments: call.function?.arguments ?? "{}" },
        },
      ],
    },
    { role: "tool", tool_call_id: call.id || "call_1", content: '{"temperature": 21, "unit": "celsius"}' },
  ];
  const roundTrip = await upstream.capture(() => upstream.chat({ model, messages: turn, tools: [WEATHER_TOOL] }));
  if (!roundTrip.ok && ctx.classify(roundTrip.failure).verdict === "unsupported") {
    flags.push("requires:tool_call_content");
    notes.push(`refuses an assistant tool-call turn with content null (${roundTrip.failure.message.slice(0, 90)})`);
  }
  return { flags, notes };
}

/**
 * `tools` (tool_choice auto): a `get_weather` call with valid arguments, an id and
 * finish_reason tool_calls. Under `auto` a model may simply answer in text: then the same
 * request with `tool_choice: "required"` tells whether tool calling works at all, and the
 * auto case is "not exercised" rather than "partial". A call written into the content as
 * text is `partial` (vLLM without a matching tool-call parser). vLLM without
 * `--enable-auto-tool-choice` refuses auto with 400 (vllm#9986). After a call works, the
 * forms applications send (a tool without description, the tool-result round trip) are
 * tried and what the server requires is recorded.
 */
export const toolsProbe = defineProbe({
  feature: "tools",
  title: "Tool calling",
  group: "tools",
  description: "tools (auto): tool_calls with the right function, valid arguments and ids, finish_reason tool_calls.",
  sends: "`tools`",
  fields: ["tools", "tool_choice"],
  capability: "tools",
  requests: 4,
  async run(ctx) {
    const { upstream, model } = ctx;
    const res = await upstream.chat({ model, messages: ask(WEATHER_PROMPT), tools: [WEATHER_TOOL] });
    const choice = res.choices?.[0];
    const calls = toolCallsOf(choice?.message);
    if (calls.length === 0) {
      const content = choice?.message?.content ?? "";
      const asText = parseJson(content.trim().replace(/^```(json)?|```$/g, ""));
      if (isJsonObject(asText) && ("name" in asText || "function" in asText)) {
        return partial(`Accepted, but the tool call came back as plain text: ${quote(content)}.`);
      }
      const forced = await upstream.capture(() =>
        upstream.chat({ model, messages: ask(WEATHER_PROMPT), tools: [WEATHER_TOOL], tool_choice: "required" }),
      );
      const forcedCall = forced.ok ? toolCallsOf(forced.value.choices?.[0]?.message)[0] : undefined;
      if (forcedCall && !toolCallProblem(forcedCall, [WEATHER_TOOL])) {
        return notExercised(
          `under tool_choice auto the model answered in text (${quote(content, 50)}); with tool_choice "required" it made a valid call, so tool calling works.`,
        );
      }
      return partial(
        `Accepted, but no tool call was made (answered ${quote(content)}), not even with tool_choice "required".`,
      );
    }
    const first = calls[0] ?? {};
    if (first.function?.name !== "get_weather") {
      return partial(`Called ${quote(first.function?.name ?? "")} instead of get_weather.`);
    }
    const problem = toolCallProblem(first, [WEATHER_TOOL]);
    if (problem) return partial(`Called get_weather, but ${problem}.`);
    const { flags, notes } = await minimalForms(ctx, first);
    const also = notes.length ? ` Note: the server ${notes.join("; ")}.` : "";
    const idProblem = toolCallIdProblem([first]);
    if (idProblem) return { ...partial(`Called get_weather with valid arguments, but ${idProblem}.${also}`), flags };
    if (choice?.finish_reason !== "tool_calls") {
      return {
        ...partial(
          `Called get_weather, but finish_reason is ${quote(String(choice?.finish_reason))}, not "tool_calls".${also}`,
        ),
        flags,
      };
    }
    return {
      ...supported(`Called get_weather with valid arguments and an id; finish_reason tool_calls.${also}`, {
        arguments: first.function.arguments,
      }),
      flags,
    };
  },
});
