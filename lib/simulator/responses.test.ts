/**
 * `/v1/responses` on the profiles whose real server has it (OpenAI, vLLM ≥ 0.10, LM Studio ≥
 * 0.3.29), through the official SDK; a 404 on the others (Ollama 0.12.6, llama.cpp b4748 and
 * LocalAI as played here). Bodies and events validate against OpenAI's published schemas.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { specDeviations } from "@/lib/server/probes/conformance";
import { type RunningSimulator, startSimulator } from "./index";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 5 });
});
afterAll(() => sim.stop());

const client = (profile: string) => new OpenAI({ baseURL: `${sim.url}/${profile}/v1`, apiKey: "k", maxRetries: 0 });

describe.each([
  ["openai", "gpt-4o-mini"],
  ["vllm", "Qwen/Qwen2.5-VL-7B-Instruct"],
  ["lmstudio", "qwen2.5-7b-instruct"],
])("%s serves /v1/responses", (profile, model) => {
  test("a text answer with usage", async () => {
    const res = await client(profile).responses.create({ model, input: "Write a sentence about rivers." });
    expect(specDeviations("response", res)).toEqual([]);
    expect(res.output_text.length).toBeGreaterThan(0);
    expect(res.usage?.output_tokens).toBeGreaterThan(0);
  });

  test("a stream of well-formed events, deltas adding up to the final text", async () => {
    const stream = await client(profile).responses.create({ model, input: "Write two sentences.", stream: true });
    const types: string[] = [];
    let text = "";
    let final = "";
    for await (const e of stream) {
      expect(specDeviations("response_event", e), e.type).toEqual([]);
      types.push(e.type);
      if (e.type === "response.output_text.delta") text += e.delta;
      if (e.type === "response.completed") final = e.response.output_text ?? "";
    }
    expect(types.slice(0, 2)).toEqual(["response.created", "response.in_progress"]);
    expect(types.at(-1)).toBe("response.completed");
    expect(types.filter((t) => t === "response.output_text.delta").length).toBeGreaterThan(1);
    expect(text.length).toBeGreaterThan(0);
    expect(final === "" || final === text).toBe(true);
  });

  test("a function tool becomes a function_call item with JSON arguments", async () => {
    const res = await client(profile).responses.create({
      model,
      input: "What is the weather in Oslo?",
      tools: [
        {
          type: "function",
          name: "get_weather",
          description: "Weather for a city",
          parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
          strict: false,
        },
      ],
      tool_choice: "required",
    });
    const call = res.output.find((o) => o.type === "function_call");
    expect(call).toMatchObject({ type: "function_call", name: "get_weather" });
    expect(() => JSON.parse((call as { arguments: string }).arguments)).not.toThrow();
  });
});

test("built-in tools are refused with a 400 naming the parameter", async () => {
  const err = await client("openai")
    .responses.create({ model: "gpt-4o-mini", input: "x", tools: [{ type: "web_search" }] })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(OpenAI.BadRequestError);
  expect((err as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("tools[0].type");
});

test("a stateful server continues from previous_response_id; vLLM's default store is off", async () => {
  const first = await client("lmstudio").responses.create({
    model: "qwen2.5-7b-instruct",
    input: "My name is Ada.",
  });
  const second = await client("lmstudio").responses.create({
    model: "qwen2.5-7b-instruct",
    input: "And again.",
    previous_response_id: first.id,
  });
  expect(second.previous_response_id).toBe(first.id);
  const err = await client("vllm")
    .responses.create({ model: "Qwen/Qwen2.5-VL-7B-Instruct", input: "x", previous_response_id: "resp_x" })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(OpenAI.BadRequestError);
});

test.each(["ollama", "llamacpp", "localai"])("%s (the version played) has no /v1/responses: 404", async (profile) => {
  const res = await fetch(`${sim.url}/${profile}/v1/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "m", input: "hi" }),
  });
  expect(res.status).toBe(404);
});
