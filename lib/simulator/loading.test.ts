/**
 * A model still loading: llama.cpp's 503 on every endpoint under `+loading`, and LM Studio's
 * first request per model, which waits for the JIT load. Loads are counted through the event
 * hub (`model-load` events, `stats.modelLoads`), never by elapsed time.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { FAULT_HEADER, FAULT_NAMES, type RunningSimulator, type SimulatorEvent, startSimulator } from "./index";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ faults: { modelLoadMs: 2 } });
});
afterAll(() => sim.stop());

const LOADING = '{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}';
const user = [{ role: "user", content: "Hello" }];

function chat(path: string, model: string, extra: object = {}, headers: Record<string, string> = {}) {
  return fetch(`${sim.url}/${path}/v1/chat/completions`, {
    method: "POST",
    headers,
    body: JSON.stringify({ model, messages: user, ...extra }),
  });
}

function loads(profile: string): Extract<SimulatorEvent, { type: "model-load" }>[] {
  return sim.simulator.events
    .recent()
    .filter(
      (e): e is Extract<SimulatorEvent, { type: "model-load" }> => e.type === "model-load" && e.profile === profile,
    );
}

test("loading is a fault like the others", () => {
  expect(FAULT_NAMES).toContain("loading");
});

test("llama.cpp +loading: every endpoint, /health included, answers 503 Loading model", async () => {
  for (const path of ["/health", "/props", "/v1/models"]) {
    const res = await fetch(`${sim.url}/llamacpp+loading${path}`);
    expect({ path, status: res.status, text: await res.text() }).toEqual({ path, status: 503, text: LOADING });
  }
  const res = await chat("llamacpp+loading", "m");
  expect([res.status, await res.text()]).toEqual([503, LOADING]);
  // The header form, and the variants, answer the same.
  const byHeader = await fetch(`${sim.url}/llamacpp-embeddings/health`, { headers: { [FAULT_HEADER]: "loading" } });
  expect([byHeader.status, await byHeader.text()]).toEqual([503, LOADING]);
  expect(await (await fetch(`${sim.url}/llamacpp/health`)).json()).toEqual({ status: "ok" });
});

test("LM Studio loads a model on its first inference request, once per model", async () => {
  const before = loads("lmstudio").length;
  expect((await chat("lmstudio", "qwen2.5-7b-instruct")).status).toBe(200);
  expect((await chat("lmstudio", "qwen2.5-7b-instruct")).status).toBe(200);
  expect(
    loads("lmstudio")
      .slice(before)
      .map((e) => e.model),
  ).toEqual(["qwen2.5-7b-instruct"]);
  // Another model is loaded on its own first request; embeddings are inference too.
  expect((await chat("lmstudio", "google/gemma-3-4b")).status).toBe(200);
  const embedded = await fetch(`${sim.url}/lmstudio/v1/embeddings`, {
    method: "POST",
    body: JSON.stringify({ model: "text-embedding-nomic-embed-text-v1.5", input: "x" }),
  });
  expect(embedded.status).toBe(200);
  expect(
    loads("lmstudio")
      .slice(before)
      .map((e) => e.model),
  ).toEqual(["qwen2.5-7b-instruct", "google/gemma-3-4b", "text-embedding-nomic-embed-text-v1.5"]);
  // Listing models loads nothing.
  expect((await fetch(`${sim.url}/lmstudio/v1/models`)).status).toBe(200);
  expect(loads("lmstudio").length - before).toBe(3);
});

test("concurrent first requests share one load; a refused request loads nothing", async () => {
  const fresh = await startSimulator({ faults: { modelLoadMs: 20 } });
  try {
    const url = `${fresh.url}/lmstudio/v1/chat/completions`;
    const refused = await fetch(url, {
      method: "POST",
      body: JSON.stringify({ model: "qwen2.5-7b-instruct", messages: user, response_format: { type: "json_object" } }),
    });
    expect(refused.status).toBe(400);
    expect(fresh.simulator.events.stats.modelLoads).toBe(0);
    const body = JSON.stringify({ model: "qwen2.5-7b-instruct", messages: user });
    const answers = await Promise.all([1, 2, 3].map(() => fetch(url, { method: "POST", body })));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(fresh.simulator.events.stats.modelLoads).toBe(1);
  } finally {
    await fresh.stop();
  }
});

test("+loading on servers that block while loading makes every request wait for a load; vLLM has no such state", async () => {
  const before = loads("ollama").length;
  for (let i = 0; i < 2; i++) expect((await chat("ollama+loading", "llama3.1:8b")).status).toBe(200);
  expect(loads("ollama").length - before).toBe(2);
  expect((await chat("ollama", "llama3.1:8b")).status).toBe(200);
  expect(loads("ollama").length - before).toBe(2);
  const vllm = await chat("vllm+loading", "Qwen/Qwen2.5-VL-7B-Instruct");
  expect(vllm.status).toBe(200);
  expect(loads("vllm")).toEqual([]);
});
