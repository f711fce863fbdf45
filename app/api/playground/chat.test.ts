import { Ajv2020 } from "ajv/dist/2020";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, expect, onTestFinished, test } from "vitest";
import type { Role } from "@/lib/auth/roles";
import type { ChatEvent, ChatRequest } from "@/lib/schemas/playground";
import { type RunningSimulator, type SimulatorEvent, startSimulator } from "@/lib/simulator";
import { resetBreakers } from "@/lib/server/calls/breaker";
import { getDb } from "@/lib/server/db";
import { startProbeRun } from "@/lib/server/probes/service";
import { PLANTED_HEADER, PLANTED_KEY, createSimulatedProvider, parseSse } from "@/lib/server/probes/test-support";
import { signInEveryRole } from "@/lib/testing/accounts";
import { call } from "@/lib/testing/http";
import { createTestDatabase } from "@/lib/testing/test-database";
import { stopTestBed } from "@/lib/testing/test-bed";
import * as chatRoute from "./chat/route";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let cookies: Record<Role, string>;
let sim: RunningSimulator;
const bodies: string[] = [];
const ids: Record<string, string> = {};

beforeAll(async () => {
  // +flaky always fails here (5xx), so fallback from it is deterministic.
  sim = await startSimulator({ seed: 7, faults: { flakyFailureRate: 1 } });
  db = await createTestDatabase();
  cookies = await signInEveryRole();
  for (const path of [
    "ollama",
    "ollama+slow",
    "ollama+cut",
    "ollama+malformed",
    "vllm+flaky",
    "lmstudio",
    "localai",
    "openai",
    "llamacpp",
    "vllm",
  ]) {
    ids[path] = await createSimulatedProvider(sim.url, path);
  }
  ids["ollama+hang"] = await createSimulatedProvider(sim.url, "ollama+hang", { timeoutMs: 1000 });
  ids["openai+ratelimit"] = await createSimulatedProvider(sim.url, "openai+ratelimit", { maxRetries: 1 });
});
afterAll(() => stopTestBed({ simulators: [sim], db }));

// Each case reuses the same failing targets: start every case with closed circuits.
beforeEach(() => resetBreakers());

const ask = (content: string) => [{ role: "user" as const, content }];

function send(body: ChatRequest | Record<string, unknown>, role: Role = "member"): Promise<Response> {
  return call(chatRoute.POST, "/api/playground/chat", { method: "POST", cookie: cookies[role], body });
}

/** Sends and reads the whole event stream. */
async function chat(body: ChatRequest): Promise<ChatEvent[]> {
  const res = await send(body);
  const text = await res.text();
  bodies.push(text);
  expect(res.status, text).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  return parseSse(text).map((e) => e.data as ChatEvent);
}

function last<T extends ChatEvent["type"]>(events: ChatEvent[], type: T): Extract<ChatEvent, { type: T }> {
  const found = events.filter((e) => e.type === type).at(-1);
  if (!found) throw new Error(`no ${type} event in ${JSON.stringify(events.map((e) => e.type))}`);
  return found as Extract<ChatEvent, { type: T }>;
}

const target = (path: string, model: string) => ({ providerId: ids[path]!, model });
const requestsSince = (from: number) =>
  sim.simulator.events
    .recent()
    .filter((e): e is Extract<SimulatorEvent, { type: "response" }> => e.type === "response" && e.requestId > from);
const lastRequestId = () => Math.max(0, ...sim.simulator.events.recent().map((e) => e.requestId));

async function probe(path: string, model: string, features: string[]): Promise<string> {
  const started = await startProbeRun({ providerId: ids[path]!, model, features, trigger: "api", createdById: null });
  return (await started.finished).id;
}

test("bad input is a 400 naming the field and rule, and nothing is recorded", async () => {
  const before = await getDb().requestLog.count();
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ messages: ask("hi") }, /^target/],
    [{ target: target("ollama", "llama3.1:8b"), messages: [] }, /messages must hold at least one message/],
    [
      { target: target("ollama", "llama3.1:8b"), messages: ask("hi"), params: { temperature: 3 } },
      /params\.temperature must be between 0 and 2/,
    ],
    [
      { target: target("ollama", "llama3.1:8b"), messages: ask("hi"), params: { stop: ["a", "b", "c", "d", "e"] } },
      /params\.stop may hold at most 4 stop sequences/,
    ],
    [
      {
        target: target("ollama", "llama3.1:8b"),
        messages: ask("hi"),
        responseFormat: { type: "json_schema", schema: { type: "object", properties: { a: { type: "nope" } } } },
      },
      /responseFormat\.schema is not a usable JSON Schema/,
    ],
    [
      {
        target: target("ollama", "llama3.1:8b"),
        messages: [{ role: "user", content: "x", images: ["http://x/y.png"] }],
      },
      /messages\.0\.images\.0 must be a base64 data URL/,
    ],
  ];
  for (const [body, message] of cases) {
    const res = await send(body);
    const error = ((await res.json()) as { error: { message: string } }).error;
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(error.message).toMatch(message);
  }
  const unknown = await send({ target: { providerId: "nope", model: "m" }, messages: ask("hi") });
  expect(unknown.status).toBe(404);
  const huge = await send({ target: target("ollama", "llama3.1:8b"), messages: ask("x".repeat(13 * 1024 * 1024)) });
  expect(huge.status).toBe(413);
  expect(await getDb().requestLog.count()).toBe(before);
});

test("viewers cannot send and signed-out callers get 401", async () => {
  const body = { target: target("ollama", "llama3.1:8b"), messages: ask("hi") };
  expect((await send(body, "viewer")).status).toBe(403);
  const anonymous = await call(chatRoute.POST, "/api/playground/chat", { method: "POST", body });
  expect(anonymous.status).toBe(401);
});

test("a reply streams token by token with metrics, and the call is logged", async () => {
  const events = await chat({
    target: target("ollama", "llama3.1:8b"),
    messages: ask("Tell me about lighthouses."),
    params: { seed: 3 },
  });
  expect(events[0]).toMatchObject({ type: "attempt", index: 0, target: { model: "llama3.1:8b" } });
  const deltas = events.filter((e) => e.type === "delta");
  expect(deltas.length).toBeGreaterThanOrEqual(2);
  const done = last(events, "done");
  expect(done.content).toBe(deltas.map((d) => (d as { content: string }).content).join(""));
  expect(done.finishReason).toBe("stop");
  expect(done.metrics.ttftMs).not.toBeNull();
  expect(done.metrics.totalMs).toBeGreaterThanOrEqual(done.metrics.ttftMs!);
  expect(done.metrics.lostMs).toBe(0);
  expect(done.metrics.usage?.completionTokens).toBe(deltas.length);
  expect(done.degradations).toEqual([]);
  const log = await getDb().requestLog.findUniqueOrThrow({ where: { id: done.logId } });
  expect(log).toMatchObject({
    status: "ok",
    source: "playground",
    providerTriedId: ids.ollama,
    providerUsedId: ids.ollama,
    completionTokens: deltas.length,
  });
});

test("stopping (the browser going away) aborts the upstream request", async () => {
  const from = lastRequestId();
  const res = await send({ target: target("ollama+slow", "llama3.1:8b"), messages: ask("Write a long story.") });
  const reader = res.body!.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  expect(first).toContain("event: attempt");
  await sim.simulator.events.waitFor((e) => e.type === "response" && e.stream && e.requestId > from);
  await reader.cancel();
  const aborted = await sim.simulator.events.waitFor(
    (e) => e.type === "aborted" && e.profile === "ollama" && e.requestId > from,
  );
  expect(aborted).toMatchObject({ type: "aborted" });
  await expect.poll(() => getDb().requestLog.count({ where: { status: "aborted" } })).toBe(1);
});

test("JSON mode on LM Studio: with no verdict yet, the refusal degrades the retry and is recorded", async () => {
  const from = lastRequestId();
  const events = await chat({
    target: target("lmstudio", "qwen2.5-7b-instruct"),
    messages: ask("Describe a lighthouse."),
    responseFormat: { type: "json_object" },
  });
  const done = last(events, "done");
  expect(done.degradations).toHaveLength(1);
  expect(done.degradations[0]).toMatchObject({ feature: "json_mode", label: "JSON by instruction" });
  expect(done.degradations[0]!.source).toMatchObject({ kind: "refusal", status: 400 });
  expect(done.validation).toEqual({ kind: "json", valid: true });
  expect(JSON.parse(done.content)).toBeTypeOf("object");
  expect(requestsSince(from).map((r) => r.status)).toEqual([400, 200]);
  expect(done.attempts).toEqual([expect.objectContaining({ outcome: "answered", requests: 2 })]);
});

test("JSON mode on LM Studio after a probe run: degraded from the start, citing the run", async () => {
  const runId = await probe("lmstudio", "qwen2.5-7b-instruct", ["json_mode"]);
  const from = lastRequestId();
  const events = await chat({
    target: target("lmstudio", "qwen2.5-7b-instruct"),
    messages: ask("Describe a lighthouse."),
    responseFormat: { type: "json_object" },
  });
  const degradation = last(events, "degradation").degradation;
  expect(degradation.source).toMatchObject({ kind: "probe", runId, verdict: "unsupported" });
  expect(events.findIndex((e) => e.type === "degradation")).toBeLessThan(events.findIndex((e) => e.type === "delta"));
  expect(requestsSince(from).map((r) => r.status)).toEqual([200]);
  expect(last(events, "done").validation).toEqual({ kind: "json", valid: true });
});

test("structured output on LocalAI (schema not enforced): JSON mode + schema instruction, validated", async () => {
  await probe("localai", "qwen3-4b", ["structured_output", "json_mode"]);
  const schema = {
    type: "object",
    properties: { city: { type: "string" }, rating: { type: "integer", minimum: 1, maximum: 5 } },
    required: ["city", "rating"],
    additionalProperties: false,
  };
  const events = await chat({
    target: target("localai", "qwen3-4b"),
    messages: ask("Rate a city."),
    responseFormat: { type: "json_schema", name: "rating", schema },
  });
  const done = last(events, "done");
  expect(done.degradations.map((d) => d.feature)).toEqual(["structured_output"]);
  expect(done.degradations[0]!.detail).toMatch(/JSON mode with the schema in a system instruction/);
  expect(done.validation).toEqual({ kind: "schema", valid: true });
  expect(new Ajv2020().validate(schema, JSON.parse(done.content))).toBe(true);
});

test("structured output natively where it works: no degradation, and the reply validates", async () => {
  const schema = { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] };
  const events = await chat({
    target: target("vllm", "Qwen/Qwen2.5-VL-7B-Instruct"),
    messages: ask("Is it ok?"),
    responseFormat: { type: "json_schema", schema },
  });
  const done = last(events, "done");
  expect(done.degradations).toEqual([]);
  expect(done.validation).toEqual({ kind: "schema", valid: true });
});

test("max_tokens refused in favour of max_completion_tokens (o3-mini): sent the accepted one", async () => {
  const events = await chat({
    target: target("openai", "o3-mini"),
    messages: ask("Write a long paragraph."),
    params: { maxTokens: 3 },
  });
  const done = last(events, "done");
  expect(done.degradations).toEqual([
    expect.objectContaining({ feature: "max_tokens", label: "max_completion_tokens" }),
  ]);
  expect(done.finishReason).toBe("length");
  expect(done.metrics.usage?.completionTokens).toBeLessThanOrEqual(3);
});

test("llama.cpp refuses tools with streaming (HTTP 500 naming them): answered without streaming", async () => {
  const events = await chat({
    target: target("llamacpp", "gemma-3-4b-it-Q4_K_M.gguf"),
    messages: ask("What is the weather in Paris?"),
    tools: [
      {
        type: "function",
        function: {
          name: "get_weather",
          description: "Current weather in a city",
          parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        },
      },
    ],
  });
  const done = last(events, "done");
  expect(done.degradations).toEqual([expect.objectContaining({ feature: "streaming", label: "Streaming emulated" })]);
  expect(done.toolCalls).toEqual([expect.objectContaining({ name: "get_weather" })]);
  expect(JSON.parse(done.toolCalls[0]!.arguments)).toHaveProperty("city");
});

test("a refusal that cannot be degraded is shown, and never falls back to the next target", async () => {
  const from = lastRequestId();
  const events = await chat({
    target: target("ollama", "gemma:2b"),
    fallbacks: [target("ollama", "llama3.1:8b")],
    messages: ask("What is the weather in Paris?"),
    tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object" } } }],
  });
  const error = last(events, "error");
  expect(error).toMatchObject({ kind: "refused", status: 400 });
  // Nothing to emulate tools with: no degraded retry, no badges.
  expect(events.filter((e) => e.type === "degradation")).toEqual([]);
  expect(error.degradations).toEqual([]);
  expect(error.message).toMatch(/does not support tools/);
  expect(error.attempts).toEqual([expect.objectContaining({ outcome: "refused", model: "gemma:2b" })]);
  expect(events.filter((e) => e.type === "attempt")).toHaveLength(1);
  expect(requestsSince(from)).toHaveLength(1);
  const log = await getDb().requestLog.findUniqueOrThrow({ where: { id: error.logId! } });
  expect(log).toMatchObject({ status: "error", httpStatus: 400, providerUsedId: null });
});

test("outages fall back in order: hang (timeout), rate limit (retried after Retry-After), then a healthy target", async () => {
  const arrivals: { path: string; at: number }[] = [];
  const unsubscribe = sim.simulator.events.subscribe((e) => {
    if (e.type === "request" && e.faults.includes("ratelimit")) arrivals.push({ path: e.path, at: Date.now() });
  });
  onTestFinished(unsubscribe);
  const events = await chat({
    target: target("ollama+hang", "llama3.1:8b"),
    fallbacks: [target("openai+ratelimit", "gpt-4o-mini"), target("vllm", "Qwen/Qwen2.5-VL-7B-Instruct")],
    messages: ask("Hello there"),
  });
  const done = last(events, "done");
  expect(done.answeredBy).toMatchObject({ providerId: ids.vllm });
  expect(done.attempts.map((a) => [a.providerId, a.outcome, a.status ?? null])).toEqual([
    [ids["ollama+hang"], "failed", null],
    [ids["openai+ratelimit"], "failed", 429],
    [ids.vllm, "answered", null],
  ]);
  expect(done.attempts[0]!.reason).toMatch(/timed out/);
  expect(done.attempts[1]!.reason).toMatch(/rate limited/);
  // maxRetries 1: the rate-limited provider was asked twice, the second time after its
  // Retry-After of 1 s (the protocol's rule, checked on the simulator's clock of arrivals).
  expect(done.attempts[1]!.requests).toBe(2);
  const [firstAsk, secondAsk] = arrivals;
  expect(secondAsk!.at - firstAsk!.at).toBeGreaterThanOrEqual(950);
  expect(events.filter((e) => e.type === "attempt").map((e) => (e as { index: number }).index)).toEqual([0, 1, 2]);
  const log = await getDb().requestLog.findUniqueOrThrow({ where: { id: done.logId } });
  expect(log).toMatchObject({ providerTriedId: ids["ollama+hang"], providerUsedId: ids.vllm, status: "ok" });
});

test("after a fallback the reply is timed on the target that answered, and the time lost to the failed one is apart", async () => {
  const events = await chat({
    target: target("ollama+hang", "llama3.1:8b"),
    fallbacks: [target("ollama", "llama3.1:8b")],
    messages: ask("Hello there"),
  });
  const done = last(events, "done");
  expect(done.answeredBy).toMatchObject({ providerId: ids.ollama });
  const { lostMs, ttftMs, totalMs, tokensPerSecond } = done.metrics;
  // The hanging target is only given up after its 1000 ms timeout: at least that was lost.
  expect(lostMs).toBeGreaterThanOrEqual(1000);
  expect(ttftMs).not.toBeNull();
  // The first token is counted from the call to the target that answered, so it fits beside
  // the lost time within the total (timed from the start of the call it would include it).
  expect(lostMs! + ttftMs!).toBeLessThanOrEqual(totalMs + 1);
  expect(tokensPerSecond).not.toBeNull();
  // The request log keeps how long the caller waited for the first token, fallback included.
  const log = await getDb().requestLog.findUniqueOrThrow({ where: { id: done.logId } });
  expect(log.ttftMs).toBeGreaterThanOrEqual(lostMs! + ttftMs! - 1);
  expect(log.latencyMs).toBe(totalMs);
});

test("a stream cut after the first token ends the reply with an error and keeps what arrived", async () => {
  const events = await chat({
    target: target("ollama+cut", "llama3.1:8b"),
    fallbacks: [target("ollama", "llama3.1:8b")],
    messages: ask("Tell me a story about a harbour."),
  });
  const error = last(events, "error");
  expect(error.kind).toBe("stream");
  expect(error.content.length).toBeGreaterThan(0);
  expect(error.content).toBe(
    events
      .filter((e) => e.type === "delta")
      .map((e) => (e as { content: string }).content)
      .join(""),
  );
  // Tokens had reached the browser: no fallback.
  expect(events.filter((e) => e.type === "attempt")).toHaveLength(1);
});

test("every target down: one error naming each, with the provider's own status", async () => {
  const events = await chat({
    target: target("openai+ratelimit", "gpt-4o-mini"),
    fallbacks: [{ providerId: "deleted-provider", model: "x" }],
    messages: ask("hi"),
    stream: false,
  });
  const error = last(events, "error");
  expect(error.kind).toBe("outage");
  expect(error.status).toBe(429);
  expect(error.message).toMatch(/rate limited/);
  expect(error.message).toMatch(/no longer exists/);
});

test("a disabled provider: refused as the target, skipped as a fallback", async () => {
  const disabled = await createSimulatedProvider(sim.url, "vllm", { enabled: false });
  const res = await send({ target: { providerId: disabled, model: "m" }, messages: ask("hi") });
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
    /^target\.providerId names a disabled provider/,
  );
  const events = await chat({
    target: target("ollama+hang", "llama3.1:8b"),
    fallbacks: [{ providerId: disabled, model: "m" }, target("ollama", "llama3.1:8b")],
    messages: ask("hi"),
  });
  expect(last(events, "done").attempts.map((a) => [a.outcome, a.reason ?? null])).toEqual([
    ["failed", expect.stringMatching(/timed out/)],
    ["skipped", "the provider is disabled"],
    ["answered", null],
  ]);
  // The skipped one is named, not called "a deleted provider".
  expect(last(events, "done").attempts[1]!.providerName).toMatch(/^Sim vllm /);
});

test("a malformed stream ends the reply with a visible error; a 5xx before the first token falls back", async () => {
  const malformed = await chat({ target: target("ollama+malformed", "llama3.1:8b"), messages: ask("Hi there") });
  const error = last(malformed, "error");
  expect(error.kind).toBe(malformed.some((e) => e.type === "delta") ? "stream" : "outage");
  expect(error.message).toMatch(/not valid JSON|malformed|JSON/i);

  const events = await chat({
    target: target("vllm+flaky", "Qwen/Qwen2.5-VL-7B-Instruct"),
    fallbacks: [target("ollama", "llama3.1:8b")],
    messages: ask("Hi there"),
  });
  const done = last(events, "done");
  expect(done.attempts.map((a) => [a.outcome, a.status ?? null])).toEqual([
    ["failed", expect.any(Number)],
    ["answered", null],
  ]);
  expect(done.attempts[0]!.status).toBeGreaterThanOrEqual(500);
});

test("degradations belong to the target that answered, not to one that failed", async () => {
  const hanging = await createSimulatedProvider(sim.url, "lmstudio+hang", { timeoutMs: 1000 });
  // Evidence that JSON mode is missing on the hanging provider (as a probe run would leave it).
  const run = await getDb().probeRun.create({
    data: {
      providerId: hanging,
      model: "qwen2.5-7b-instruct",
      trigger: "api",
      status: "completed",
      features: ["json_mode"],
      appVersion: "test",
      finishedAt: new Date(),
    },
  });
  await getDb().probeResult.create({
    data: {
      runId: run.id,
      providerId: hanging,
      model: "qwen2.5-7b-instruct",
      feature: "json_mode",
      verdict: "unsupported",
      reason: "Refused with HTTP 400",
      latencyMs: 5,
      evidence: {},
    },
  });
  const events = await chat({
    target: { providerId: hanging, model: "qwen2.5-7b-instruct" },
    fallbacks: [target("vllm", "Qwen/Qwen2.5-VL-7B-Instruct")],
    messages: ask("Describe a lighthouse."),
    responseFormat: { type: "json_object" },
  });
  const types = events.map((e) => e.type);
  // The degradation was announced for the first target, then a new attempt started.
  expect(types.indexOf("degradation")).toBeLessThan(types.lastIndexOf("attempt"));
  const done = last(events, "done");
  expect(done.answeredBy.providerId).toBe(ids.vllm);
  expect(done.degradations).toEqual([]);
  expect(done.validation).toEqual({ kind: "json", valid: true });
  const log = await getDb().requestLog.findUniqueOrThrow({ where: { id: done.logId } });
  expect(log.degradations).toEqual([]);
  expect(log.model).toBe("Qwen/Qwen2.5-VL-7B-Instruct");
});

test("a refusal by a fallback target ends the chain there", async () => {
  const events = await chat({
    target: target("ollama+hang", "llama3.1:8b"),
    fallbacks: [target("ollama", "gemma:2b"), target("vllm", "Qwen/Qwen2.5-VL-7B-Instruct")],
    messages: ask("What is the weather in Paris?"),
    tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object" } } }],
  });
  const error = last(events, "error");
  expect(error.kind).toBe("refused");
  expect(error.attempts.map((a) => [a.model, a.outcome])).toEqual([
    ["llama3.1:8b", "failed"],
    ["gemma:2b", "refused"],
  ]);
});

test("a Retry-After longer than the wait limit is not waited for: the target fails at once and falls back", async () => {
  const patient = await startSimulator({ faults: { retryAfterSeconds: 600 } });
  onTestFinished(() => patient.stop());
  const limited = await createSimulatedProvider(patient.url, "openai+ratelimit", { maxRetries: 3 });
  const events = await chat({
    target: { providerId: limited, model: "gpt-4o-mini" },
    fallbacks: [target("ollama", "llama3.1:8b")],
    messages: ask("hi"),
  });
  const done = last(events, "done");
  expect(done.attempts[0]).toMatchObject({ outcome: "failed", status: 429, requests: 1 });
  expect(done.answeredBy.providerId).toBe(ids.ollama);
});

test("the request being aborted (the browser closing the connection) aborts the upstream call", async () => {
  const from = lastRequestId();
  const controller = new AbortController();
  const req = new Request("http://localhost:3000/api/playground/chat", {
    method: "POST",
    headers: {
      host: "localhost:3000",
      origin: "http://localhost:3000",
      cookie: cookies.member,
      "content-type": "application/json",
    },
    body: JSON.stringify({ target: target("ollama+slow", "llama3.1:8b"), messages: ask("A long story, please.") }),
    signal: controller.signal,
  });
  const res = await chatRoute.POST(req, { params: Promise.resolve({}) });
  expect(res.status).toBe(200);
  await sim.simulator.events.waitFor((e) => e.type === "response" && e.stream && e.requestId > from);
  controller.abort();
  const aborted = await sim.simulator.events.waitFor(
    (e) => e.type === "aborted" && e.profile === "ollama" && e.requestId > from,
  );
  expect(aborted.type).toBe("aborted");
});

test("a provider error that echoes the key or a header value is scrubbed before it reaches the browser or the log", async () => {
  // A server (or a proxy in front of one) that repeats the request's credentials in its error body.
  const echo = http.createServer((req, res) => {
    res.writeHead(400, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        error: { message: `bad request from ${req.headers.authorization} with token ${req.headers["x-team-token"]}` },
      }),
    );
  });
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => new Promise<void>((resolve) => echo.close(() => resolve())));
  const { port } = echo.address() as AddressInfo;
  const leaky = await createSimulatedProvider(`http://127.0.0.1:${port}`, "openai");
  const events = await chat({
    target: { providerId: leaky, model: "gpt-4o-mini" },
    messages: ask("hi"),
    stream: false,
  });
  const error = last(events, "error");
  expect(error.message).toContain("bad request from Bearer ***");
  const log = await getDb().requestLog.findUniqueOrThrow({ where: { id: error.logId! } });
  expect(JSON.stringify([events, log])).not.toMatch(new RegExp(`${PLANTED_KEY}|${PLANTED_HEADER}`));
});

test("a call is linked in the log to the caller's own session only", async () => {
  const owner = await getDb().user.findFirstOrThrow({ where: { email: "member@example.com" } });
  const other = await getDb().user.findFirstOrThrow({ where: { email: "admin@example.com" } });
  const mine = await getDb().playgroundSession.create({ data: { userId: owner.id, title: "mine", data: {} } });
  const theirs = await getDb().playgroundSession.create({ data: { userId: other.id, title: "theirs", data: {} } });
  const loggedSession = async (sessionId: string) => {
    const done = last(await chat({ target: target("ollama", "llama3.1:8b"), messages: ask("hi"), sessionId }), "done");
    return (await getDb().requestLog.findUniqueOrThrow({ where: { id: done.logId } })).sessionId;
  };
  expect(await loggedSession(mine.id)).toBe(mine.id);
  expect(await loggedSession(theirs.id)).toBeNull();
});

test("no response, event or log row contains the provider's key or header value", async () => {
  const logs = await getDb().requestLog.findMany();
  const everything = [...bodies, JSON.stringify(logs)].join("\n");
  expect(everything).not.toContain(PLANTED_KEY);
  expect(everything).not.toContain(PLANTED_HEADER);
});
