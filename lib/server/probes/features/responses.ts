import "server-only";
import { isRecord } from "@/lib/json";
import { WEATHER_PROMPT, WEATHER_TOOL, isJsonObject, parseJson, roughTokens } from "../helpers";
import { defineProbe, notExercised, partial, supported } from "../types";

/**
 * The Responses API (`POST /v1/responses`), which OpenAI's SDKs now lead with and coding
 * agents speak exclusively. A 404 on the endpoint is `unsupported` (the runner's rule: a
 * refusal of the request as sent), as on Ollama before 0.13.3 and llama.cpp before its 2026
 * builds. The gateway reads these verdicts to pass a Responses call through to a target that
 * serves it natively, and bridges to chat completions for every other target.
 */

type Json = Record<string, unknown>;

const items = (body: Json) => (Array.isArray(body.output) ? body.output.filter(isRecord) : []);

/** The text of every `output_text` part of every message item. */
function outputText(body: Json): string {
  return items(body)
    .filter((i) => i.type === "message")
    .flatMap((i) => (Array.isArray(i.content) ? i.content.filter(isRecord) : []))
    .map((p) => (p.type === "output_text" && typeof p.text === "string" ? p.text : ""))
    .join("");
}

/** The chat weather tool in Responses' flat form. */
const RESPONSES_WEATHER_TOOL = {
  type: "function",
  name: WEATHER_TOOL.function.name,
  description: WEATHER_TOOL.function.description,
  parameters: WEATHER_TOOL.function.parameters,
  strict: false,
};

export const responsesProbe = defineProbe({
  feature: "responses",
  title: "Responses API",
  group: "responses",
  description: "POST /v1/responses with text input: an output message with non-empty output_text, and usage.",
  sends: "a request to /v1/responses",
  fields: ["responses", "/v1/responses"],
  async run({ upstream, model }) {
    const res = await upstream.responses({ model, input: "Write one sentence about lighthouses." });
    const text = outputText(res);
    const usage = isRecord(res.usage) ? res.usage : null;
    const details = { status: res.status, items: items(res).map((i) => i.type), chars: text.length };
    if (res.object !== "response")
      return partial(`Answered, but "object" is ${JSON.stringify(res.object)}, not "response".`, details);
    if (!text.trim()) {
      if (res.status === "incomplete") return notExercised("the response was cut off before any text.", details);
      return partial("Answered, but no message item carried output_text.", details);
    }
    if (!usage || typeof usage.output_tokens !== "number")
      return partial(`Answered with text (${roughTokens(text)} tokens), but without usage.output_tokens.`, details);
    return supported(
      `output_text of ${roughTokens(text)} tokens, usage ${String(usage.input_tokens)} in / ${String(usage.output_tokens)} out.`,
      details,
    );
  },
});

/** The order a well-formed Responses stream keeps (OpenAI's streaming guide). */
function sequenceProblem(types: string[]): string | null {
  if (types[0] !== "response.created") return `the first event is ${types[0] ?? "missing"}, not response.created`;
  const last = types.at(-1);
  if (last !== "response.completed" && last !== "response.incomplete")
    return `the stream ends with ${last}, not response.completed`;
  const firstDelta = types.indexOf("response.output_text.delta");
  if (firstDelta === -1) return null;
  const added = types.indexOf("response.output_item.added");
  if (added === -1 || added > firstDelta) return "a text delta comes before its response.output_item.added";
  return null;
}

export const responsesStreamingProbe = defineProbe({
  feature: "responses_streaming",
  title: "Responses streaming",
  group: "responses",
  description:
    "/v1/responses with stream: true: response.created, output_item.added, ≥ 2 output_text.delta, response.completed.",
  sends: "`stream: true` to /v1/responses",
  fields: ["responses", "stream"],
  async run({ upstream, model }) {
    const capture = await upstream.responsesStream({
      model,
      input: "Write two sentences about lighthouses.",
      stream: true,
    });
    if (capture.json !== undefined)
      return partial(`stream: true was answered with one JSON body (${capture.contentType}), not a stream.`);
    const types = capture.chunks.map((e) => String(e.type));
    const deltas = capture.chunks.filter((e) => e.type === "response.output_text.delta");
    const text = deltas.map((e) => (typeof e.delta === "string" ? e.delta : "")).join("");
    const details = { ttftMs: capture.ttftMs, events: types.length, textDeltas: deltas.length };
    if (types.includes("response.failed") || types.includes("error"))
      return partial("The stream reported a failure event.", { ...details, types: types.slice(-3) });
    const problem = sequenceProblem(types);
    if (problem) return partial(`Streamed, but ${problem}.`, details);
    if (deltas.length < 2) {
      if (roughTokens(text) <= 2) return notExercised(`the whole reply was ${text ? "one token" : "empty"}.`, details);
      return partial(`Streamed, but the whole reply (${roughTokens(text)} tokens) came in one delta.`, details);
    }
    return supported(
      `${types.length} events in order, ${deltas.length} text deltas, ending response.completed.`,
      details,
    );
  },
});

export const responsesToolsProbe = defineProbe({
  feature: "responses_tools",
  title: "Responses tools",
  group: "responses",
  description: "/v1/responses with a function tool (tool_choice required): a function_call item with JSON arguments.",
  sends: "a function tool to /v1/responses",
  fields: ["responses", "tools"],
  capability: "tools",
  async run({ upstream, model }) {
    // Forced, so a model that prefers to answer in text cannot decide the verdict.
    const res = await upstream.responses({
      model,
      input: WEATHER_PROMPT,
      tools: [RESPONSES_WEATHER_TOOL],
      tool_choice: "required",
    });
    const calls = items(res).filter((i) => i.type === "function_call");
    const details = { items: items(res).map((i) => i.type), calls: calls.length };
    const call = calls[0];
    if (!call) {
      const text = outputText(res);
      if (/get_weather/.test(text))
        return partial("The call was written into the text, not a function_call item.", details);
      return partial('tool_choice "required" was answered without a function_call item.', details);
    }
    if (call.name !== "get_weather") return partial(`Called ${JSON.stringify(call.name)}, not get_weather.`, details);
    const args = parseJson(call.arguments);
    if (!isJsonObject(args))
      return partial(`The arguments are not a JSON object: ${String(call.arguments).slice(0, 80)}`, details);
    if (typeof call.call_id !== "string" || !call.call_id)
      return partial("The function_call item has no call_id.", details);
    return supported(`function_call get_weather(${JSON.stringify(args).slice(0, 60)}) with call_id.`, details);
  },
});
