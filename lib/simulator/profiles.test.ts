/**
 * Every profile × feature, driven through the official `openai` SDK, against what the real
 * server of the profile's named version does (honoured / ignored / refused with its status and
 * its own message, each cited in lib/simulator/profiles/*).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningSimulator, startSimulator } from "./index";
import { CHECKS, type CheckName, type Observed, observe } from "./test-features";
import { BASELINE, type Expected, PROFILE_TABLE as PROFILES } from "./test-profile-table";
import { sdkClient } from "./test-support";

let sim: RunningSimulator;
beforeAll(async () => {
  // LM Studio's first request per model waits for the model to load: keep that short here.
  sim = await startSimulator({ seed: 42, faults: { modelLoadMs: 5 } });
});
afterAll(() => sim.stop());

/** The server's own message in the body's `error` member, whatever the server's shape. */
function serverMessage(error: unknown): string | undefined {
  if (typeof error === "string") return error;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : undefined;
}

function matches(observed: Observed, expected: Expected): boolean {
  if (typeof expected === "string") return observed.kind === expected;
  if (observed.kind !== "refused" || observed.status !== expected.status) return false;
  const message = serverMessage(observed.error) ?? "";
  return typeof expected.message === "string" ? message === expected.message : expected.message.test(message);
}

test("the table covers every profile the simulator serves", () => {
  expect(Object.keys(PROFILES).sort()).toEqual(sim.simulator.profiles.map((p) => p.name).sort());
});

for (const [name, { fixture, row }] of Object.entries(PROFILES)) {
  describe(`profile ${name}`, () => {
    const cases = (Object.keys(CHECKS) as CheckName[])
      .map((check) => [check, row[check] ?? BASELINE[check]] as const)
      .filter(([, expected]) => expected !== "n/a");
    test.each(cases)("%s → %o", async (check, expected) => {
      const client = sdkClient(`${sim.url}/${name}/v1`);
      const observed = await observe(CHECKS[check], client, fixture);
      expect(matches(observed, expected), `observed ${JSON.stringify(observed)}`).toBe(true);
    });
  });
}

test("o3-mini refuses max_tokens and accepts max_completion_tokens (OpenAI reasoning models)", async () => {
  const client = sdkClient(`${sim.url}/openai/v1`);
  const messages = [{ role: "user" as const, content: "hi" }];
  const refusal = await observe(
    async (c) => (await c.chat.completions.create({ model: "o3-mini", messages, max_tokens: 5 }), { kind: "honoured" }),
    client,
    PROFILES.openai!.fixture,
  );
  expect(refusal).toMatchObject({ kind: "refused", status: 400 });
  expect(refusal.kind === "refused" && refusal.message).toMatch(
    /Unsupported parameter: 'max_tokens'.*Use 'max_completion_tokens' instead/,
  );
  const ok = await client.chat.completions.create({ model: "o3-mini", messages, max_completion_tokens: 2 });
  expect(ok.choices[0]?.finish_reason).toBe("length");
});

test("declared discovery endpoints answer with realistic bodies", async () => {
  const get = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${sim.url}${path}`, init);
    expect(res.status, path).toBe(200);
    return res.json() as Promise<Record<string, unknown>>;
  };
  expect(await get("/ollama/api/version")).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  // Ollama v0.12: /api/tags entries carry no capabilities, /api/show does.
  const tags = (await get("/ollama/api/tags")).models as Record<string, unknown>[];
  expect(tags.map((m) => m.name)).toContain("gemma:2b");
  for (const entry of tags) expect(entry).not.toHaveProperty("capabilities");
  const show = await get("/ollama/api/show", { method: "POST", body: JSON.stringify({ model: "llama3.1:8b" }) });
  expect(show.capabilities).toEqual(["completion", "tools"]);
  const llava = await get("/ollama/api/show", { method: "POST", body: JSON.stringify({ model: "llava:7b" }) });
  expect(llava.capabilities).toEqual(["completion", "vision"]);
  const missing = await fetch(`${sim.url}/ollama/api/show`, { method: "POST", body: '{"model":"nope"}' });
  expect(missing.status).toBe(404);
  expect(await missing.json()).toEqual({ error: "model 'nope' not found" });
  expect(await get("/llamacpp/health")).toEqual({ status: "ok" });
  // llama.cpp b4748: no `modalities` (before libmtmd), one slot, build_info "b4748-…".
  const props = await get("/llamacpp/props");
  expect(props).not.toHaveProperty("modalities");
  expect(props).toMatchObject({ total_slots: 1, build_info: expect.stringMatching(/^b4748-/) });
  expect(props.default_generation_settings).toMatchObject({ n_ctx: expect.any(Number), params: expect.any(Object) });
  const lms = (await get("/lmstudio/api/v1/models")).models as { key: string; capabilities: Record<string, boolean> }[];
  // LM Studio 0.4.6 declares exactly these two capabilities.
  expect(lms.find((m) => m.key === "google/gemma-3-4b")?.capabilities).toEqual({
    vision: true,
    trained_for_tool_use: false,
  });
  expect(lms.find((m) => m.key === "qwen2.5-7b-instruct")?.capabilities).toEqual({
    vision: false,
    trained_for_tool_use: true,
  });
  expect(await get("/vllm/version")).toEqual({ version: "0.11.0" });
  expect(await get("/localai/version")).toEqual({ version: "v4.9.0" });
  const capabilities = (await get("/localai/v1/models/capabilities")).data as Record<string, unknown>[];
  expect(capabilities.find((m) => m.id === "minicpm-v-4_5")).toMatchObject({
    object: "model",
    capabilities: ["chat", "vision"],
    input_modalities: ["text", "image"],
    output_modalities: ["text"],
  });
  expect(capabilities.find((m) => m.id === "granite-embedding-107m-multilingual")?.capabilities).toEqual([
    "embeddings",
  ]);
  // LocalAI's /v1/models entries are `schema.OpenAIModel`: id and object only.
  expect((await get("/localai/v1/models")).data).toContainEqual({ id: "qwen3-4b", object: "model" });
});

test("server-specific response fields: llama.cpp timings, vLLM stop_reason, OpenAI stream_options rule", async () => {
  const ask = (profile: string, body: object) =>
    fetch(`${sim.url}/${profile}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ messages: [{ role: "user", content: "Hello" }], ...body }),
    });
  const llama = (await (await ask("llamacpp", { model: "anything" })).json()) as {
    model: string;
    usage: { completion_tokens: number };
    timings: { predicted_n: number; prompt_n: number };
  };
  expect(llama.model).toBe("anything");
  expect(llama.timings.predicted_n).toBe(llama.usage.completion_tokens);
  const vllm = (await (await ask("vllm", { model: "Qwen/Qwen2.5-VL-7B-Instruct" })).json()) as { choices: object[] };
  expect(vllm.choices[0]).toHaveProperty("stop_reason", null);
  const streamOptions = { model: "gpt-4o", stream_options: { include_usage: true } };
  expect((await ask("openai", streamOptions)).status).toBe(400);
  expect((await ask("ollama", { ...streamOptions, model: "llama3.1:8b" })).status).toBe(200);
});
