/**
 * Every profile × feature, driven through the official `openai` SDK, against the outcome
 * shared/QUIRKS.md documents for that server (honoured / ignored / refused with status).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningSimulator, startSimulator } from "./index";
import { CHECKS, type CheckName, type Fixture, type Observed, observe } from "./test-features";
import { sdkClient } from "./test-support";

type Expected = "honoured" | "ignored" | "unenforced" | "garbled" | "n/a" | { status: number; message: RegExp };
type Row = Partial<Record<CheckName, Expected>>;

const refused = (status: number, message: RegExp): Expected => ({ status, message });

/** Features every profile honours unless its row says otherwise. */
const BASELINE: Record<CheckName, Expected> = {
  n: "honoured",
  max_tokens: "honoured",
  max_completion_tokens: "honoured",
  stop: "honoured",
  seed: "honoured",
  logprobs: "honoured",
  json_object: "honoured",
  json_schema: "honoured",
  tools: "honoured",
  tool_choice_required: "honoured",
  tool_choice_none: "honoured",
  tool_choice_function: "honoured",
  parallel_tool_calls: "honoured",
  tools_stream: "honoured",
  stream_usage: "honoured",
  vision_png: "honoured",
  vision_jpeg: "honoured",
  image_on_text_model: "n/a",
  image_http: "honoured",
  tools_on_model_without_tools: "n/a",
  embeddings: "honoured",
  embeddings_base64: "honoured",
  completions: "honoured",
  unknown_model: refused(404, /./),
};

const PROFILES: Record<string, { fixture: Fixture; row: Row }> = {
  openai: {
    fixture: {
      chat: "gpt-4o-mini",
      vision: "gpt-4o",
      noVision: "o3-mini",
      embedding: "text-embedding-3-small",
      embeddingDims: 1536,
      completion: "gpt-3.5-turbo-instruct",
    },
    row: {
      image_on_text_model: refused(400, /image_url is only supported by certain models/),
      unknown_model: refused(404, /does not exist/),
    },
  },
  ollama: {
    fixture: {
      chat: "llama3.1:8b",
      vision: "llava:7b",
      noVision: "llama3.1:8b",
      noTools: "gemma:2b",
      embedding: "nomic-embed-text",
      embeddingDims: 768,
      completion: "llama3.1:8b",
    },
    row: {
      n: "ignored",
      max_completion_tokens: "ignored",
      tool_choice_required: "ignored",
      tool_choice_none: "ignored",
      tool_choice_function: "ignored",
      parallel_tool_calls: "ignored",
      image_on_text_model: refused(400, /does not support images/),
      image_http: refused(400, /invalid image input/),
      tools_on_model_without_tools: refused(400, /gemma:2b does not support tools/),
      unknown_model: refused(404, /not found, try pulling it first/),
    },
  },
  lmstudio: {
    fixture: {
      chat: "qwen2.5-7b-instruct",
      vision: "google/gemma-3-4b",
      noVision: "qwen2.5-7b-instruct",
      noTools: "google/gemma-3-4b",
      embedding: "text-embedding-nomic-embed-text-v1.5",
      embeddingDims: 768,
      completion: "qwen2.5-7b-instruct",
    },
    row: {
      json_object: refused(400, /'response_format.type' must be 'json_schema' or 'text'/),
      tool_choice_function: refused(400, /Invalid tool_choice type: 'object'/),
      image_on_text_model: refused(400, /does not support images/),
      tools_on_model_without_tools: "honoured",
    },
  },
  vllm: {
    fixture: {
      chat: "Qwen/Qwen2.5-VL-7B-Instruct",
      vision: "Qwen/Qwen2.5-VL-7B-Instruct",
      completion: "Qwen/Qwen2.5-VL-7B-Instruct",
    },
    row: {
      parallel_tool_calls: "ignored",
      embeddings: refused(400, /does not support Embeddings API/),
      embeddings_base64: refused(400, /does not support Embeddings API/),
    },
  },
  "vllm-no-auto-tools": {
    fixture: {
      chat: "Qwen/Qwen2.5-VL-7B-Instruct",
      vision: "Qwen/Qwen2.5-VL-7B-Instruct",
      completion: "Qwen/Qwen2.5-VL-7B-Instruct",
    },
    row: {
      tools: refused(400, /"auto" tool choice requires --enable-auto-tool-choice/),
      parallel_tool_calls: "ignored",
      embeddings: refused(400, /does not support Embeddings API/),
      embeddings_base64: refused(400, /does not support Embeddings API/),
    },
  },
  localai: {
    fixture: {
      chat: "qwen3-4b",
      vision: "minicpm-v-4_5",
      noVision: "qwen3-4b",
      embedding: "granite-embedding-107m-multilingual",
      embeddingDims: 384,
      completion: "qwen3-4b",
    },
    row: { json_schema: "unenforced", tools_stream: "garbled", image_on_text_model: "ignored" },
  },
  llamacpp: {
    fixture: {
      chat: "gemma-3-4b-it-Q4_K_M.gguf",
      vision: "gemma-3-4b-it-Q4_K_M.gguf",
      completion: "gemma-3-4b-it-Q4_K_M.gguf",
    },
    row: {
      n: refused(500, /n must be 1/),
      max_completion_tokens: "ignored",
      tools_stream: refused(500, /Cannot use tools with stream/),
      embeddings: refused(501, /does not support embeddings/),
      embeddings_base64: refused(501, /does not support embeddings/),
      // llama-server serves its one model whatever `model` names.
      unknown_model: "ignored",
    },
  },
};

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 42 });
});
afterAll(() => sim.stop());

function matches(observed: Observed, expected: Expected): boolean {
  if (typeof expected === "string") return observed.kind === expected;
  return observed.kind === "refused" && observed.status === expected.status && expected.message.test(observed.message);
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
  const tags = (await get("/ollama/api/tags")).models as { name: string; capabilities: string[] }[];
  expect(tags.find((m) => m.name === "gemma:2b")?.capabilities).not.toContain("tools");
  expect(tags.find((m) => m.name === "llava:7b")?.capabilities).toContain("vision");
  const show = await get("/ollama/api/show", { method: "POST", body: JSON.stringify({ model: "llama3.1:8b" }) });
  expect(show.capabilities).toEqual(expect.arrayContaining(["completion", "tools"]));
  expect((await fetch(`${sim.url}/ollama/api/show`, { method: "POST", body: '{"model":"nope"}' })).status).toBe(404);
  expect(await get("/llamacpp/health")).toEqual({ status: "ok" });
  expect(await get("/llamacpp/props")).toMatchObject({ modalities: { vision: true }, build_info: expect.any(String) });
  const lms = (await get("/lmstudio/api/v1/models")).models as { key: string; capabilities: Record<string, boolean> }[];
  expect(lms.find((m) => m.key === "google/gemma-3-4b")?.capabilities).toMatchObject({
    vision: true,
    trained_for_tool_use: false,
  });
  expect(await get("/vllm/version")).toEqual({ version: expect.any(String) });
  expect(await get("/localai/version")).toEqual({ version: expect.stringMatching(/^v\d/) });
  expect(((await get("/localai/v1/models/capabilities")).data as unknown[]).length).toBe(3);
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
