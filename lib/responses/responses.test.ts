import fs from "node:fs";
import { describe, expect, test } from "vitest";
import { OUT, SPEC, extract } from "@/scripts/responses-schemas";
import { specDeviations } from "@/lib/server/probes/conformance";
import { chatRequestOf } from "./to-chat";
import { ResponseWriter } from "./writer";
import { writeChatChunk, writeChatCompletion, writeResponsesEvent, endOfChat } from "./feed";
import { refusedResponsesFeature, responsesBodySchema, unknownResponsesField } from "./request";

const body = (extra: Record<string, unknown> = {}) =>
  responsesBodySchema.parse({ model: "m", input: "Say hi.", ...extra });

test("the Responses schemas are the ones extracted from shared/openai-openapi/openapi.yaml", () => {
  expect(fs.readFileSync(OUT, "utf8")).toBe(extract(fs.readFileSync(SPEC, "utf8")));
});

test("the schemas are strict where clients are: a text delta without logprobs, usage without cache_write_tokens", () => {
  const delta = {
    type: "response.output_text.delta",
    sequence_number: 3,
    item_id: "msg_1",
    output_index: 0,
    content_index: 0,
    delta: "hi",
  };
  expect(specDeviations("response_event", { ...delta, logprobs: [] })).toEqual([]);
  expect(specDeviations("response_event", delta).join(" ")).toMatch(/logprobs/);
});

describe("a chat stream becomes a well-formed event sequence", () => {
  test("text, then a function call, then completed: every event and the final Response validate", () => {
    const w = new ResponseWriter(body({ tools: [{ type: "function", name: "get_weather", parameters: {} }] }), "m");
    const events = [...w.start()];
    const chunks = [
      { choices: [{ index: 0, delta: { role: "assistant", content: "Let me " } }] },
      { choices: [{ index: 0, delta: { content: "check." } }] },
      {
        choices: [
          {
            index: 0,
            delta: { tool_calls: [{ index: 0, id: "call_9", function: { name: "get_weather", arguments: '{"ci' } }] },
          },
        ],
      },
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: 'ty":"Oslo"}' } }] } }] },
      { choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] },
    ];
    let finish: string | null = null;
    for (const c of chunks) {
      const r = writeChatChunk(w, c);
      events.push(...r.events);
      finish = r.finishReason ?? finish;
    }
    events.push(...w.end(endOfChat(finish, { prompt_tokens: 9, completion_tokens: 7 })));
    for (const e of events) expect(specDeviations("response_event", e), e.type).toEqual([]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.completed",
    ]);
    const final = w.response();
    expect(specDeviations("response", final)).toEqual([]);
    expect(final.output).toMatchObject([
      { type: "message", content: [{ type: "output_text", text: "Let me check." }] },
      { type: "function_call", call_id: "call_9", name: "get_weather", arguments: '{"city":"Oslo"}' },
    ]);
    expect(final.usage).toMatchObject({ input_tokens: 9, output_tokens: 7, total_tokens: 16 });
  });

  test("a length finish is incomplete (max_output_tokens), not an error and not an empty success", () => {
    const w = new ResponseWriter(body(), "m");
    w.end(
      writeChatCompletion(w, {
        choices: [{ index: 0, message: { role: "assistant", content: "Once upon" }, finish_reason: "length" }],
        usage: { prompt_tokens: 3, completion_tokens: 2 },
      }),
    );
    const r = w.response();
    expect(r).toMatchObject({ status: "incomplete", incomplete_details: { reason: "max_output_tokens" } });
    expect(specDeviations("response", r)).toEqual([]);
  });

  test("a failure after the first event is response.failed with the server's message", () => {
    const w = new ResponseWriter(body(), "m");
    w.start();
    w.text("Hel");
    const [, , , failed] = w.end({ status: "failed", message: "HTTP 500: boom" });
    expect(failed).toMatchObject({
      type: "response.failed",
      response: { status: "failed", error: { code: "server_error", message: "HTTP 500: boom" } },
    });
    expect(specDeviations("response_event", failed)).toEqual([]);
  });

  test("another server's events that lack sequence numbers and logprobs come out complete", () => {
    const w = new ResponseWriter(body(), "m");
    const out = [...w.start()];
    for (const e of [
      { type: "response.created", response: {} },
      { type: "response.output_text.delta", item_id: "x", delta: "Hi" },
      { type: "response.completed", response: { usage: { input_tokens: 2, output_tokens: 1 } } },
    ]) {
      const r = writeResponsesEvent(w, e);
      out.push(...r.events);
      if (r.end) out.push(...w.end(r.end));
    }
    for (const e of out) expect(specDeviations("response_event", e), e.type).toEqual([]);
    expect(w.outputText).toBe("Hi");
  });
});

describe("requests", () => {
  test("instructions, history, function tools, tool_choice, text.format and caps map to chat", () => {
    const chat = chatRequestOf(
      body({
        instructions: "Be brief.",
        input: [
          { role: "user", content: [{ type: "input_text", text: "Weather?" }] },
          { type: "function_call_output", call_id: "call_1", output: "sunny" },
        ],
        tools: [{ type: "function", name: "w", description: "weather", parameters: { type: "object" } }],
        tool_choice: { type: "function", name: "w" },
        text: { format: { type: "json_schema", name: "out", schema: { type: "object" }, strict: true } },
        max_output_tokens: 50,
        temperature: 0.2,
      }),
      [
        { type: "message", role: "user", content: "Hi" },
        { type: "function_call", call_id: "call_1", name: "w", arguments: "{}" },
      ],
      "target-model",
    );
    expect(chat).toEqual({
      model: "target-model",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
        {
          role: "assistant",
          content: "",
          tool_calls: [{ id: "call_1", type: "function", function: { name: "w", arguments: "{}" } }],
        },
        { role: "user", content: "Weather?" },
        { role: "tool", tool_call_id: "call_1", content: "sunny" },
      ],
      tools: [{ type: "function", function: { name: "w", description: "weather", parameters: { type: "object" } } }],
      tool_choice: { type: "function", function: { name: "w" } },
      response_format: { type: "json_schema", json_schema: { name: "out", schema: { type: "object" }, strict: true } },
      max_tokens: 50,
      temperature: 0.2,
    });
  });

  test("what cannot be honoured is refused by name, never dropped", () => {
    const param = (extra: Record<string, unknown>) => refusedResponsesFeature(body(extra))?.param;
    expect(param({ tools: [{ type: "web_search" }] })).toBe("tools[0].type");
    expect(param({ background: true })).toBe("background");
    expect(param({ input: [{ type: "reasoning", summary: [] }] })).toBe("input[0].type");
    expect(param({ input: [{ role: "user", content: [{ type: "input_file", file_id: "f" }] }] })).toBe(
      "input[0].content[0].type",
    );
    expect(param({ include: ["reasoning.encrypted_content"] })).toBe("include");
    expect(param({ tool_choice: { type: "file_search" } })).toBe("tool_choice.type");
    expect(param({ reasoning: { effort: "low", summary: "auto" } })).toBeUndefined();
    expect(unknownResponsesField({ model: "m", input: "x", frobnicate: 1 })).toBe("frobnicate");
  });
});
