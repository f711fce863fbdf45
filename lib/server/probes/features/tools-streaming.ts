import "server-only";
import { WEATHER_PROMPT, WEATHER_TOOL, ask, quote, toolCallIdProblem, toolCallProblem } from "../helpers";
import { type AssembledToolCall, type ToolCallPiece, addToolCallPiece } from "../../calls/tool-call-deltas";
import { contentDeltas, finishReason } from "../sse";
import { defineProbe, partial, supported } from "../types";

/**
 * The tool calls choice 0's raw deltas assemble into, at their `index` (0 when a piece has
 * none): a server that numbers them oddly shows as gaps, which the evidence keeps.
 */
function assembledCalls(chunks: Record<string, unknown>[]): AssembledToolCall[] {
  const byIndex = new Map<number, AssembledToolCall>();
  for (const chunk of chunks) {
    const choice = (Array.isArray(chunk.choices) ? chunk.choices[0] : undefined) as
      { delta?: { tool_calls?: ({ index?: number } & ToolCallPiece)[] } } | undefined;
    for (const d of choice?.delta?.tool_calls ?? []) {
      addToolCallPiece(byIndex, typeof d.index === "number" ? d.index : 0, d);
    }
  }
  const calls: AssembledToolCall[] = [];
  for (const [i, call] of byIndex) calls[i] = call;
  return calls;
}

/**
 * `tools_streaming`: tool-call deltas while streaming assemble into a valid call. llama.cpp
 * refuses tools with stream with a 500 naming them (ggml-org/llama.cpp#9522); LocalAI
 * answers `{"` as text in some versions (mudler/LocalAI#9988) → partial.
 */
export const toolsStreamingProbe = defineProbe({
  feature: "tools_streaming",
  title: "Tool calls while streaming",
  group: "tools",
  description: "stream: true with tools: tool_call deltas (id, name, argument pieces) assemble into a valid call.",
  sends: "`tools` with `stream: true`",
  fields: ["tools", "stream"],
  async run({ upstream, model }) {
    const capture = await upstream.stream({
      model,
      stream: true,
      messages: ask(WEATHER_PROMPT),
      tools: [WEATHER_TOOL],
      tool_choice: "required",
    });
    if (capture.json !== undefined) return partial("stream: true with tools was answered with one JSON body.");
    const calls = assembledCalls(capture.chunks);
    const details = { ttftMs: capture.ttftMs, chunks: capture.chunks.length, calls };
    if (calls.length === 0) {
      const text = contentDeltas(capture).join("");
      return partial(`Accepted, but streamed text ${quote(text)} instead of tool-call deltas.`, details);
    }
    const first = calls[0] ?? { id: "", name: "", arguments: "" };
    const assembled = { id: first.id, function: { name: first.name, arguments: first.arguments } };
    const problem = toolCallProblem(assembled, [WEATHER_TOOL]) ?? toolCallIdProblem([assembled]);
    if (problem) return partial(`Streamed a tool call, but ${problem}.`, details);
    const finish = finishReason(capture);
    if (finish !== "tool_calls")
      return partial(`Streamed a valid call, but finish_reason is ${quote(String(finish))}.`, details);
    return supported("Tool-call deltas assembled into a valid get_weather call; finish_reason tool_calls.", details);
  },
});
