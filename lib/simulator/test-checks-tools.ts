/** Tool-calling feature checks: arguments are validated with ajv against each tool's schema. */
import type OpenAI from "openai";
import type { ChatCompletionTool } from "openai/resources/chat/completions";
import { type Check, chat, fail, ok } from "./test-checks-base";
import { schemaErrors } from "./test-support";

const weatherTool: ChatCompletionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Get the current weather forecast for a city",
    parameters: {
      type: "object",
      properties: {
        city: { type: "string", minLength: 1 },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
        days: { type: "integer", minimum: 1, maximum: 7 },
      },
      required: ["city", "unit"],
      additionalProperties: false,
    },
  },
};
const timeTool: ChatCompletionTool = {
  type: "function",
  function: {
    name: "get_time",
    description: "Look up the local clock time in a timezone",
    parameters: {
      type: "object",
      properties: { timezone: { type: "string" } },
      required: ["timezone"],
      additionalProperties: false,
    },
  },
};
const TOOLS = [weatherTool, timeTool];
const WEATHER = "What's the weather in Paris today?";
const BOTH = "What's the weather in Paris and the local time there?";

function toolSchema(name: string): object {
  const tool = TOOLS.find((t) => t.type === "function" && t.function.name === name);
  if (!tool || tool.type !== "function" || !tool.function.parameters) throw new Error(`unknown tool ${name}`);
  return tool.function.parameters;
}

function assertValidCalls(calls: readonly OpenAI.ChatCompletionMessageToolCall[]): string[] {
  return calls.map((call) => {
    if (call.type !== "function" || !/^call_\w+/.test(call.id)) fail("bad tool call", call);
    const errors = schemaErrors(toolSchema(call.function.name), JSON.parse(call.function.arguments));
    if (errors) fail(`arguments of ${call.function.name} invalid (${errors})`, call.function.arguments);
    return call.function.name;
  });
}

/** Tool checks, by the name the expectation table uses. */
export const TOOL_CHECKS = {
  tools: async (client, f) => {
    const res = await chat(client, { model: f.chat, tools: [weatherTool] }, WEATHER);
    const calls = res.choices[0]?.message.tool_calls ?? [];
    if (calls.length === 0) return ok("ignored");
    if (res.choices[0]?.finish_reason !== "tool_calls") fail("finish_reason", res.choices[0]);
    return assertValidCalls(calls).join() === "get_weather" ? ok("honoured") : fail("calls", calls);
  },
  tool_choice_required: async (client, f) => {
    const res = await chat(client, { model: f.chat, tools: [weatherTool], tool_choice: "required" }, "Hello there");
    const calls = res.choices[0]?.message.tool_calls ?? [];
    return calls.length > 0 && assertValidCalls(calls).length > 0 ? ok("honoured") : ok("ignored");
  },
  tool_choice_none: async (client, f) => {
    const res = await chat(client, { model: f.chat, tools: [weatherTool], tool_choice: "none" }, WEATHER);
    return (res.choices[0]?.message.tool_calls ?? []).length === 0 ? ok("honoured") : ok("ignored");
  },
  tool_choice_function: async (client, f) => {
    const res = await chat(
      client,
      { model: f.chat, tools: TOOLS, tool_choice: { type: "function", function: { name: "get_time" } } },
      "Hello there",
    );
    const names = assertValidCalls(res.choices[0]?.message.tool_calls ?? []);
    return names.join() === "get_time" ? ok("honoured") : names.length === 0 ? ok("ignored") : fail("calls", names);
  },
  parallel_tool_calls: async (client, f) => {
    const parallel = await chat(
      client,
      { model: f.chat, tools: TOOLS, tool_choice: "required", parallel_tool_calls: true },
      BOTH,
    );
    if (assertValidCalls(parallel.choices[0]?.message.tool_calls ?? []).length !== 2)
      fail("no parallel calls", parallel.choices[0]);
    const single = await chat(
      client,
      { model: f.chat, tools: TOOLS, tool_choice: "required", parallel_tool_calls: false },
      BOTH,
    );
    const count = assertValidCalls(single.choices[0]?.message.tool_calls ?? []).length;
    return count === 1 ? ok("honoured") : count === 2 ? ok("ignored") : fail("calls", count);
  },
  tools_stream: async (client, f) => {
    const stream = await client.chat.completions.create({
      model: f.chat,
      stream: true,
      tools: [weatherTool],
      tool_choice: "required",
      messages: [{ role: "user", content: WEATHER }],
    });
    const calls: { id: string; name: string; args: string }[] = [];
    let text = "";
    let finish: string | null = null;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      text += choice?.delta.content ?? "";
      finish = choice?.finish_reason ?? finish;
      for (const delta of choice?.delta.tool_calls ?? []) {
        if (!calls[delta.index])
          calls[delta.index] = {
            id: delta.id ?? fail("first delta without id", delta),
            name: delta.function?.name ?? "",
            args: "",
          };
        const call = calls[delta.index];
        if (call) call.args += delta.function?.arguments ?? "";
      }
    }
    if (calls.length === 0) return text.length > 0 && finish === "stop" ? ok("garbled") : fail("empty stream", text);
    const errors = schemaErrors(toolSchema(calls[0]?.name ?? ""), JSON.parse(calls[0]?.args ?? ""));
    return finish === "tool_calls" && calls[0]?.id.startsWith("call_") && !errors
      ? ok("honoured")
      : fail("stream calls", { calls, errors });
  },
  tools_on_model_without_tools: async (client, f) => {
    const res = await chat(client, { model: f.noTools ?? fail("no noTools model", f), tools: [weatherTool] }, WEATHER);
    return (res.choices[0]?.message.tool_calls ?? []).length > 0 ? ok("honoured") : ok("ignored");
  },
} satisfies Record<string, Check>;
