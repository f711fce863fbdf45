import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type RunningSimulator, startSimulator } from "@/lib/simulator";
import { resetBreakers } from "@/lib/server/calls/breaker";
import { getDb } from "@/lib/server/db";
import { flushGatewayLog } from "@/lib/server/gateway/log";
import { specDeviations } from "@/lib/server/probes/conformance";
import { startProbeRun } from "@/lib/server/probes/service";
import { createSimulatedProvider, profileModels } from "@/lib/server/probes/test-support";
import { type RunningGateway, addKey, addRoute, startGateway } from "@/lib/testing/gateway";
import { createTestDatabase } from "@/lib/testing/test-database";
import { stopTestBed } from "@/lib/testing/test-bed";

/**
 * `/v1/responses` at the gateway through the official SDK's `responses.create`: on a server
 * that serves it natively (OpenAI's profile, probed `supported`) it is passed through; on one
 * without it (Ollama 0.12.6, probed `unsupported`) it is bridged to chat completions. Every
 * body and every event validates against OpenAI's published schemas.
 */

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let sim: RunningSimulator;
let faulty: RunningSimulator;
let gw: RunningGateway;
let openai: OpenAI;
let other: OpenAI;
const ids: Record<string, string> = {};

async function probe(providerId: string, model: string, features: string[]) {
  const run = await startProbeRun({ providerId, model, features, trigger: "api", createdById: null });
  await run.finished;
}

const RESPONSES_FEATURES = ["responses", "responses_streaming", "responses_tools"];

beforeAll(async () => {
  sim = await startSimulator({ seed: 21 });
  faulty = await startSimulator({ seed: 22, faults: { faultAfterFrames: 3, flakyFailureRate: 1 } });
  db = await createTestDatabase();
  ids.openai = await createSimulatedProvider(sim.url, "openai", { name: "Native" });
  ids.ollama = await createSimulatedProvider(sim.url, "ollama", { name: "Bridged" });
  await probe(ids.openai, "gpt-4o-mini", RESPONSES_FEATURES);
  await probe(ids.ollama, profileModels("ollama").chat, RESPONSES_FEATURES);
  await addRoute("native", [{ providerId: ids.openai, model: "gpt-4o-mini" }]);
  await addRoute("bridged", [{ providerId: ids.ollama, model: profileModels("ollama").chat }]);
  ids.flaky = await createSimulatedProvider(faulty.url, "ollama+flaky", { name: "Flaky" });
  ids.cut = await createSimulatedProvider(faulty.url, "ollama+cut", { name: "Cut" });
  await addRoute("fallback", [
    { providerId: ids.flaky, model: "llama3.1:8b" },
    { providerId: ids.openai, model: "gpt-4o-mini" },
  ]);
  await addRoute("breaks", [{ providerId: ids.cut, model: "llama3.1:8b" }]);
  await addRoute("down", [{ providerId: ids.flaky, model: "llama3.1:8b" }]);
  gw = await startGateway();
  openai = new OpenAI({ baseURL: gw.baseURL, apiKey: (await addKey()).secret, maxRetries: 0 });
  other = new OpenAI({ baseURL: gw.baseURL, apiKey: (await addKey()).secret, maxRetries: 0 });
}, 60_000);

afterAll(() => stopTestBed({ gateway: gw, simulators: [sim, faulty], db }));

beforeEach(() => resetBreakers());

test("the probes found the endpoint on OpenAI's profile and not on Ollama 0.12.6", async () => {
  const rows = await getDb().probeResult.findMany({
    where: { feature: { in: RESPONSES_FEATURES } },
    select: { feature: true, verdict: true, run: { select: { providerId: true } } },
  });
  const of = (id: string) => rows.filter((r) => r.run.providerId === id).map((r) => r.verdict);
  expect(of(ids.openai!)).toEqual(["supported", "supported", "supported"]);
  expect(of(ids.ollama!)).toEqual(["unsupported", "unsupported", "unsupported"]);
});

/** The upstream paths the simulator saw for `profile` while `run` ran. */
async function pathsDuring(profile: string, run: () => Promise<unknown>): Promise<string[]> {
  const paths: string[] = [];
  const stop = sim.simulator.events.subscribe((e) => {
    if (e.type === "request" && e.profile === profile) paths.push(e.path);
  });
  try {
    await run();
  } finally {
    stop();
  }
  return paths;
}

const WEATHER = {
  type: "function" as const,
  name: "get_weather",
  description: "Weather for a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  strict: false,
};

describe.each([
  ["native", "openai", "/v1/responses"],
  ["bridged", "ollama", "/v1/chat/completions"],
])("route %s", (route, profile, upstreamPath) => {
  test("plain: output_text and usage, through the expected upstream path", async () => {
    let res!: OpenAI.Responses.Response;
    const paths = await pathsDuring(profile, async () => {
      res = await openai.responses.create({ model: route, input: "Write a sentence about rivers." });
    });
    expect(paths).toEqual([upstreamPath]);
    expect(specDeviations("response", res)).toEqual([]);
    expect(res.output_text.length).toBeGreaterThan(0);
    expect(res.usage!.output_tokens).toBeGreaterThan(0);
    expect(res.id).toMatch(/^resp_/);
  });

  test("streamed: the full event sequence, every event valid, deltas adding up", async () => {
    const stream = await openai.responses.create({ model: route, input: "Write two sentences.", stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const e of stream) events.push(e);
    for (const e of events) expect(specDeviations("response_event", e), e.type).toEqual([]);
    const types = events.map((e) => e.type);
    expect(types.slice(0, 4)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
    ]);
    expect(types.at(-1)).toBe("response.completed");
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const text = events.flatMap((e) => (e.type === "response.output_text.delta" ? [e.delta] : [])).join("");
    const done = events.find((e) => e.type === "response.output_text.done");
    expect(done && "text" in done ? done.text : "").toBe(text);
    expect(text.length).toBeGreaterThan(0);
  });

  test("a function tool round trip continued with previous_response_id", async () => {
    const first = await openai.responses.create({
      model: route,
      input: "What is the weather in Oslo?",
      tools: [WEATHER],
      tool_choice: "required",
    });
    expect(specDeviations("response", first)).toEqual([]);
    const call = first.output.find((o) => o.type === "function_call");
    expect(call).toMatchObject({ type: "function_call", name: "get_weather" });
    if (call?.type !== "function_call") throw new Error("no call");
    expect(JSON.parse(call.arguments)).toBeTypeOf("object");
    const second = await openai.responses.create({
      model: route,
      previous_response_id: first.id,
      input: [{ type: "function_call_output", call_id: call.call_id, output: '{"temperature": 21}' }],
      tools: [WEATHER],
    });
    expect(specDeviations("response", second)).toEqual([]);
    expect(second.previous_response_id).toBe(first.id);
    expect(second.output_text.length).toBeGreaterThan(0);
  });

  test("a streamed function call: argument deltas and a done event naming the function", async () => {
    const stream = await openai.responses.create({
      model: route,
      input: "Weather in Oslo?",
      tools: [WEATHER],
      tool_choice: "required",
      stream: true,
    });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const e of stream) events.push(e);
    for (const e of events) expect(specDeviations("response_event", e), e.type).toEqual([]);
    const deltas = events.flatMap((e) => (e.type === "response.function_call_arguments.delta" ? [e.delta] : []));
    const done = events.find((e) => e.type === "response.function_call_arguments.done");
    expect(done).toMatchObject({ name: "get_weather", arguments: deltas.join("") });
  });
});

test.each([
  ["native", "openai"],
  ["bridged", "ollama"],
])(
  "structured output (text.format json_schema) on %s: bridged, the reply parses against the schema",
  async (route, profile) => {
    const paths = await pathsDuring(profile, async () => {
      const res = await openai.responses.create({
        model: route,
        input: "Invent a city.",
        text: {
          format: {
            type: "json_schema",
            name: "city",
            strict: true,
            schema: {
              type: "object",
              properties: { name: { type: "string" }, population: { type: "integer" } },
              required: ["name", "population"],
              additionalProperties: false,
            },
          },
        },
      });
      expect(specDeviations("response", res)).toEqual([]);
      const parsed = JSON.parse(res.output_text) as { name: unknown; population: unknown };
      expect(typeof parsed.name).toBe("string");
      expect(Number.isInteger(parsed.population)).toBe(true);
    });
    expect(paths).toEqual(["/v1/chat/completions"]);
  },
);

test("previous_response_id of another key's response is not found (404), like OpenAI's", async () => {
  const mine = await openai.responses.create({ model: "bridged", input: "Hello" });
  const err = await other.responses
    .create({ model: "bridged", input: "Again", previous_response_id: mine.id })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(OpenAI.NotFoundError);
  expect((err as InstanceType<typeof OpenAI.NotFoundError>).param).toBe("previous_response_id");
});

test("store: false keeps nothing to continue from", async () => {
  const res = await openai.responses.create({ model: "bridged", input: "Hello", store: false });
  expect(await getDb().gatewayResponse.findUnique({ where: { id: res.id } })).toBeNull();
});

test.each([
  [{ tools: [{ type: "web_search" }] }, "tools[0].type"],
  [{ background: true }, "background"],
  [{ include: ["reasoning.encrypted_content"] }, "include"],
  [{ input: [{ type: "reasoning", id: "rs_1", summary: [] }] }, "input[0].type"],
  [{ frobnicate: true }, "frobnicate"],
])("what cannot be served is a 400 naming the parameter: %j", async (extra, param) => {
  // Parameters the SDK's types do not allow (or not in this form): that is the test.
  const err = await openai.responses
    .create({ model: "bridged", input: "hi", ...extra } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming)
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(OpenAI.BadRequestError);
  expect((err as InstanceType<typeof OpenAI.BadRequestError>).param).toBe(param);
});

test("streamed fallback: the failing target sends nothing; the healthy one's events are the only ones", async () => {
  const { data: stream, response } = await openai.responses
    .create({ model: "fallback", input: "Write two sentences.", stream: true })
    .withResponse();
  const events: OpenAI.Responses.ResponseStreamEvent[] = [];
  for await (const e of stream) events.push(e);
  expect(response.headers.get("x-switchyard-target")).toMatch(/^Native\//);
  expect(response.headers.get("x-switchyard-fallbacks")).toMatch(/^Flaky\/llama3\.1:8b: /);
  expect(events.filter((e) => e.type === "response.created")).toHaveLength(1);
  const created = events[0]!;
  expect(created.type === "response.created" && created.response.model).toBe("gpt-4o-mini");
  expect(events.at(-1)!.type).toBe("response.completed");
  for (const e of events) expect(specDeviations("response_event", e), e.type).toEqual([]);
  await flushGatewayLog();
  const row = await getDb().requestLog.findFirst({
    where: { endpoint: "responses", route: "fallback" },
    orderBy: { createdAt: "desc" },
  });
  expect(row).toMatchObject({ status: "ok", httpStatus: 200 });
  expect((row!.fallbackPath as { outcome: string }[]).map((a) => a.outcome)).toEqual(["failed", "answered"]);
});

test("every target down: an OpenAI-shaped 5xx naming each target, never a 200 with an empty answer", async () => {
  const err = await openai.responses.create({ model: "down", input: "hi" }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(OpenAI.APIError);
  expect((err as InstanceType<typeof OpenAI.APIError>).status).toBeGreaterThanOrEqual(500);
  expect((err as Error).message).toMatch(/Flaky\/llama3\.1:8b/);
  const streamed = await openai.responses.create({ model: "down", input: "hi", stream: true }).then(
    () => null,
    (e: unknown) => e,
  );
  expect((streamed as InstanceType<typeof OpenAI.APIError>).status).toBeGreaterThanOrEqual(500);
});

test("a failure after the first event ends the stream with response.failed", async () => {
  const stream = await openai.responses.create({ model: "breaks", input: "Write four sentences.", stream: true });
  const events: OpenAI.Responses.ResponseStreamEvent[] = [];
  for await (const e of stream) events.push(e);
  expect(events[0]!.type).toBe("response.created");
  const last = events.at(-1)!;
  expect(last.type).toBe("response.failed");
  expect(specDeviations("response_event", last)).toEqual([]);
  expect(last.type === "response.failed" && last.response.error?.message).toMatch(/^Cut: /);
});
