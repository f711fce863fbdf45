/** Every fault mode, observed through the official SDK, plus client aborts seen by the simulator. */
import OpenAI, { type APIError } from "openai";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  DEFAULT_FAULT_SETTINGS,
  type RunningSimulator,
  SIMULATOR_API_KEY,
  type SimulatorEvent,
  createSimulator,
  startSimulator,
} from "./index";
import { sdkClient } from "./test-support";

let sim: RunningSimulator;
const aborted: SimulatorEvent[] = [];
beforeAll(async () => {
  sim = await startSimulator({ onRequestAborted: (event) => aborted.push(event) });
});
afterAll(() => sim.stop());

const messages = [{ role: "user" as const, content: "Tell me about rivers" }];
const client = (profile: string, options?: Parameters<typeof sdkClient>[1]) =>
  sdkClient(`${sim.url}/${profile}/v1`, options);

async function statusOf(promise: Promise<unknown>): Promise<number | string> {
  try {
    await promise;
    return 200;
  } catch (error) {
    return error instanceof OpenAI.APIError && error.status !== undefined
      ? error.status
      : (error as Error).constructor.name;
  }
}

test("+slow delays the first token and every token after it", async () => {
  const { slowFirstTokenMs, slowPerTokenMs } = DEFAULT_FAULT_SETTINGS;
  const started = performance.now();
  const res = await client("ollama+slow").chat.completions.create({ model: "llama3.1:8b", messages });
  const tokens = res.usage?.completion_tokens ?? 0;
  expect(tokens).toBeGreaterThan(3);
  expect(performance.now() - started).toBeGreaterThanOrEqual(slowFirstTokenMs + slowPerTokenMs * tokens - 2);

  const streamStart = performance.now();
  const stream = await client("vllm+slow").chat.completions.create({
    model: "Qwen/Qwen2.5-VL-7B-Instruct",
    messages,
    stream: true,
  });
  const arrivals: number[] = [];
  for await (const chunk of stream) if (chunk.choices[0]?.delta.content) arrivals.push(performance.now() - streamStart);
  expect(arrivals[0]).toBeGreaterThanOrEqual(slowFirstTokenMs - 2);
  expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(
    slowPerTokenMs * (arrivals.length - 1) - 5,
  );
});

test("the x-simulator-fault header selects faults too", async () => {
  const started = performance.now();
  const slow = sdkClient(`${sim.url}/openai/v1`);
  await slow.models.list({ headers: { "x-simulator-fault": "slow" } });
  expect(performance.now() - started).toBeGreaterThanOrEqual(DEFAULT_FAULT_SETTINGS.slowFirstTokenMs - 2);
  expect(await statusOf(slow.models.list({ headers: { "x-simulator-fault": "auth, ratelimit" } }))).toBe(401);
});

test("+flaky answers a share of requests with 500, 502 and 503", async () => {
  const flaky = client("lmstudio+flaky");
  const statuses: (number | string)[] = [];
  for (let i = 0; i < 12; i++)
    statuses.push(await statusOf(flaky.chat.completions.create({ model: "qwen2.5-7b-instruct", messages })));
  const failures = statuses.filter((s) => s !== 200);
  expect(failures.length).toBeGreaterThanOrEqual(3);
  expect(failures.length).toBeLessThanOrEqual(9);
  expect(new Set(failures)).toEqual(new Set([500, 502, 503]));
});

test("+hang never answers: the client's timeout fires and the simulator sees the abort", async () => {
  const started = performance.now();
  const error = await client("localai+hang", { timeout: 300 })
    .chat.completions.create({ model: "qwen3-4b", messages })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
  expect(performance.now() - started).toBeGreaterThanOrEqual(295);
  await sim.simulator.events.waitFor((e) => e.type === "aborted" && e.profile === "localai" && e.stage === "waiting");
});

test("+cut drops the connection mid-stream and mid-body", async () => {
  const stream = await client("openai+cut").chat.completions.create({ model: "gpt-4o-mini", messages, stream: true });
  const received: string[] = [];
  const iterate = async () => {
    for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? "");
  };
  await expect(iterate()).rejects.toThrow();
  expect(received.length).toBeGreaterThan(0);
  expect(await statusOf(client("openai+cut").chat.completions.create({ model: "gpt-4o-mini", messages }))).not.toBe(
    200,
  );
});

test("+malformed sends invalid JSON and broken SSE frames", async () => {
  await expect(
    client("ollama+malformed").chat.completions.create({ model: "llama3.1:8b", messages }),
  ).rejects.toThrow();
  const stream = await client("ollama+malformed").chat.completions.create({
    model: "llama3.1:8b",
    messages,
    stream: true,
  });
  await expect(
    (async () => {
      for await (const chunk of stream) void chunk;
    })(),
  ).rejects.toThrow(/JSON/);
});

test("+auth wants the simulator key", async () => {
  const raw = await fetch(`${sim.url}/vllm+auth/v1/models`);
  expect(raw.status).toBe(401);
  expect(await raw.json()).toMatchObject({
    error: { type: "invalid_request_error", message: expect.stringContaining("API key") },
  });
  const wrong = await client("vllm+auth", { apiKey: "sk-wrong-key-123456" })
    .models.list()
    .catch((e: unknown) => e);
  expect(wrong).toBeInstanceOf(OpenAI.AuthenticationError);
  expect((wrong as APIError).code).toBe("invalid_api_key");
  const models = await client("vllm+auth", { apiKey: SIMULATOR_API_KEY }).models.list();
  expect(models.data.length).toBeGreaterThan(0);
});

test("+ratelimit answers 429 with Retry-After", async () => {
  const error = await client("llamacpp+ratelimit")
    .chat.completions.create({ model: "x", messages })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OpenAI.RateLimitError);
  expect((error as APIError).headers?.get("retry-after")).toBe("1");
  expect((error as APIError).code).toBe("rate_limit_exceeded");
});

test("faults combine: +auth+slow with the right key is slow but succeeds", async () => {
  const started = performance.now();
  const res = await client("openai+auth+slow", { apiKey: SIMULATOR_API_KEY }).chat.completions.create({
    model: "gpt-4o",
    messages,
    max_completion_tokens: 2,
  });
  expect(res.choices[0]?.finish_reason).toBe("length");
  expect(performance.now() - started).toBeGreaterThanOrEqual(DEFAULT_FAULT_SETTINGS.slowFirstTokenMs - 2);
  expect((await fetch(`${sim.url}/openai+explode/v1/models`)).status).toBe(404);
});

test("a client aborting a stream stops generation, and the simulator records it", async () => {
  const before = aborted.length;
  const whole = await client("ollama").chat.completions.create({ model: "llama3.1:8b", messages, seed: 21 });
  const wholeTokens = whole.usage?.completion_tokens ?? 0;
  expect(wholeTokens).toBeGreaterThan(5);
  const stream = await client("ollama+slow").chat.completions.create({
    model: "llama3.1:8b",
    messages,
    seed: 21,
    stream: true,
  });
  let chunks = 0;
  for await (const chunk of stream) {
    void chunk;
    if (++chunks === 2) stream.controller.abort();
  }
  const event = await sim.simulator.events.waitFor(
    (e) => e.type === "aborted" && e.profile === "ollama" && e.stage === "streaming",
  );
  // Stopped before the end of the reply (how far it got depends on the machine's speed, not on the simulator).
  expect(event.type === "aborted" && event.tokensSent).toBeLessThan(wholeTokens);
  expect(aborted.length).toBe(before + 1);
  const requestId = event.requestId;
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(sim.simulator.events.recent().some((e) => e.type === "stream-end" && e.requestId === requestId)).toBe(false);
});

test("the Fetch core (as mounted in a route handler) also honours request.signal", async () => {
  const core = createSimulator({ basePath: "/sim", tokenDelayMs: 20 });
  const controller = new AbortController();
  const body = JSON.stringify({ model: "gpt-4o", messages, stream: true });
  const res = await core.handle(
    new Request("http://app.local/sim/openai/v1/chat/completions", { method: "POST", body, signal: controller.signal }),
  );
  const reader = res.body!.getReader();
  await reader.read();
  await reader.read();
  controller.abort();
  await expect(core.events.waitFor((e) => e.type === "aborted", 1000)).resolves.toMatchObject({
    stage: "streaming",
    profile: "openai",
  });
  expect(core.events.stats.aborted).toBe(1);
  expect(core.events.stats.streamsCompleted).toBe(0);
});
