import OpenAI from "openai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningSimulator, startSimulator } from "@/lib/simulator";
import { specDeviations } from "@/lib/server/probes/conformance";
import { startProbeRun } from "@/lib/server/probes/service";
import { createSimulatedProvider, profileModels } from "@/lib/server/probes/test-support";
import { type RunningGateway, addKey, addRoute, startGateway } from "@/lib/testing/gateway";
import { createTestDatabase } from "@/lib/testing/test-database";
import { stopTestBed } from "@/lib/testing/test-bed";

/**
 * Degradation at the gateway, driven by the probes' verdicts (or a refusal where there is
 * none yet): what the application sent is served by a server that lacks it, the answer is
 * spec-valid, and what was done is in `x-switchyard-degradations`, never in the body.
 */

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let sim: RunningSimulator;
let gw: RunningGateway;
let openai: OpenAI;

async function probed(profile: string, features: string[]): Promise<string> {
  const id = await createSimulatedProvider(sim.url, profile, { name: `Sim ${profile}` });
  const run = await startProbeRun({
    providerId: id,
    model: profileModels(profile).chat,
    features,
    trigger: "api",
    createdById: null,
  });
  await run.finished;
  await addRoute(profile, [{ providerId: id, model: profileModels(profile).chat }]);
  return id;
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 4 });
  db = await createTestDatabase();
  await probed("llamacpp", ["n", "tools_streaming", "tools"]);
  await probed("lmstudio", ["json_mode", "structured_output"]);
  await probed("localai", ["structured_output", "json_mode"]);
  const o3 = await createSimulatedProvider(sim.url, "openai", { name: "Sim o3" });
  await addRoute("reasoning", [{ providerId: o3, model: "o3-mini" }]);
  openai = new OpenAI({ baseURL: (gw = await startGateway()).baseURL, apiKey: (await addKey()).secret, maxRetries: 0 });
}, 60_000);

afterAll(() => stopTestBed({ gateway: gw, simulators: [sim], db }));

const ask = (content: string) => [{ role: "user" as const, content }];
const degradations = (res: Response) => res.headers.get("x-switchyard-degradations") ?? "";

test("n: 2 to a server without n (llama.cpp): two calls merged into one answer of two choices", async () => {
  const { data, response } = await openai.chat.completions
    .create({ model: "llamacpp", messages: ask("Name a colour"), n: 2 })
    .withResponse();
  expect(specDeviations("chat", data)).toEqual([]);
  expect(data.choices.map((c) => c.index)).toEqual([0, 1]);
  expect(data.choices.every((c) => (c.message.content ?? "").length > 0)).toBe(true);
  expect(degradations(response)).toMatch(/^n: /);

  const stream = await openai.chat.completions.create({
    model: "llamacpp",
    messages: ask("Name a colour"),
    n: 2,
    stream: true,
  });
  const indexes = new Set<number>();
  for await (const chunk of stream) {
    expect(specDeviations("chunk", chunk)).toEqual([]);
    for (const c of chunk.choices) if (c.delta.content) indexes.add(c.index);
  }
  expect([...indexes].sort()).toEqual([0, 1]);
});

test("tools while streaming to a server that cannot (llama.cpp b4748): the SDK still streams the tool call", async () => {
  const { data: stream, response } = await openai.chat.completions
    .create({
      model: "llamacpp",
      messages: ask("What is the weather in Paris?"),
      stream: true,
      tool_choice: "auto",
      tools: [
        {
          type: "function",
          function: {
            name: "get_weather",
            description: "The weather in a city",
            parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
          },
        },
      ],
    })
    .withResponse();
  expect(degradations(response)).toMatch(/tools_streaming/);
  let name = "";
  let args = "";
  for await (const chunk of stream) {
    expect(specDeviations("chunk", chunk)).toEqual([]);
    const call = chunk.choices[0]?.delta.tool_calls?.[0];
    name += call?.function?.name ?? "";
    args += call?.function?.arguments ?? "";
  }
  expect(name).toBe("get_weather");
  expect(JSON.parse(args)).toHaveProperty("city");
});

test("JSON mode to a server that refuses json_object (LM Studio): JSON anyway, by its schema form", async () => {
  const { data, response } = await openai.chat.completions
    .create({ model: "lmstudio", messages: ask("Describe a cat as JSON"), response_format: { type: "json_object" } })
    .withResponse();
  expect(specDeviations("chat", data)).toEqual([]);
  expect(() => JSON.parse(data.choices[0]!.message.content!)).not.toThrow();
  expect(degradations(response)).toMatch(/json_mode/);
});

test("structured output streamed to a server that only partly honours it (LocalAI): held back, validated, then sent", async () => {
  const schema = {
    type: "object",
    properties: { name: { type: "string" }, age: { type: "integer" } },
    required: ["name", "age"],
    additionalProperties: false,
  };
  const { data: stream, response } = await openai.chat.completions
    .create({
      model: "localai",
      messages: ask("A person"),
      stream: true,
      response_format: { type: "json_schema", json_schema: { name: "person", schema, strict: true } },
    })
    .withResponse();
  expect(degradations(response)).toMatch(/structured_output/);
  let text = "";
  for await (const chunk of stream) {
    expect(specDeviations("chunk", chunk)).toEqual([]);
    text += chunk.choices[0]?.delta.content ?? "";
  }
  const value = JSON.parse(text) as Record<string, unknown>;
  expect(typeof value.name).toBe("string");
  expect(Number.isInteger(value.age)).toBe(true);
});

test("max_tokens to a model that refuses it (OpenAI o3-mini, no verdict yet): sent as max_completion_tokens", async () => {
  const { data, response } = await openai.chat.completions
    .create({ model: "reasoning", messages: ask("hi"), max_tokens: 50 })
    .withResponse();
  expect(specDeviations("chat", data)).toEqual([]);
  expect(degradations(response)).toMatch(/max_tokens/);
  expect(response.headers.get("x-switchyard-fallbacks")).toBe("");
});
