/** Bad input gets OpenAI-shaped 400/404/405/413 answers, and nothing crashes the server. */
import OpenAI, { type APIError } from "openai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningSimulator, createSimulator, startSimulator } from "./index";
import { createRng } from "./random";
import { sdkClient } from "./test-support";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.stop());

async function post(
  profile: string,
  path: string,
  body: unknown,
): Promise<{
  status: number;
  json: { error?: { message: string; type: string; param: string | null; code: string | null } };
}> {
  const res = await fetch(`${sim.url}/${profile}/v1${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as never };
}

const user = [{ role: "user", content: "hi" }];

test.each([
  [
    "missing messages",
    { model: "gpt-4o" },
    "messages",
    "missing_required_parameter",
    /Missing required parameter: 'messages'/,
  ],
  [
    "messages not an array",
    { model: "gpt-4o", messages: "hi" },
    "messages",
    "invalid_type",
    /expected an array, but got a string/,
  ],
  ["empty messages", { model: "gpt-4o", messages: [] }, "messages", "empty_array", /empty array/],
  [
    "bad role",
    { model: "gpt-4o", messages: [{ role: "robot", content: "x" }] },
    "messages[0].role",
    "invalid_value",
    /Supported values are/,
  ],
  ["n below 1", { model: "gpt-4o", messages: user, n: 0 }, "n", "integer_below_min_value", /Expected a value >= 1/],
  [
    "temperature as string",
    { model: "gpt-4o", messages: user, temperature: "hot" },
    "temperature",
    "invalid_type",
    /Invalid type for 'temperature'/,
  ],
  [
    "tool_choice names no tool",
    {
      model: "gpt-4o",
      messages: user,
      tools: [{ type: "function", function: { name: "a" } }],
      tool_choice: { type: "function", function: { name: "b" } },
    },
    "tool_choice",
    "invalid_value",
    /no function named 'b'/,
  ],
  [
    "undecodable image",
    {
      model: "gpt-4o",
      messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } }] }],
    },
    "messages",
    "invalid_image_format",
    /unsupported image/,
  ],
])("chat: %s → 400 with param", async (_name, body, param, code, message) => {
  const { status, json } = await post("openai", "/chat/completions", body);
  expect(status).toBe(400);
  expect(json.error).toMatchObject({ type: "invalid_request_error", param, code });
  expect(json.error?.message).toMatch(message);
});

test("the SDK surfaces those errors as BadRequestError / NotFoundError with param and code", async () => {
  const missing = await sdkClient(`${sim.url}/openai/v1`)
    .chat.completions.create({ model: "gpt-4o" } as never)
    .catch((e: unknown) => e);
  expect(missing).toBeInstanceOf(OpenAI.BadRequestError);
  expect((missing as APIError).param).toBe("messages");
  const client = sdkClient(`${sim.url}/ollama/v1`);
  // Ollama's middleware: no (or no) messages → "[] is too short - 'messages'".
  const empty = await client.chat.completions.create({ model: "llama3.1:8b" } as never).catch((e: unknown) => e);
  expect(empty).toBeInstanceOf(OpenAI.BadRequestError);
  expect((empty as APIError).error).toEqual({
    message: "[] is too short - 'messages'",
    type: "invalid_request_error",
    param: null,
    code: null,
  });
  const unknown = await client.chat.completions
    .create({ model: "nope:1b", messages: [{ role: "user", content: "x" }] })
    .catch((e: unknown) => e);
  expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
  // Ollama's /v1 errors carry `code: null` and type not_found_error for a 404.
  expect((unknown as APIError).code).toBeNull();
  expect((unknown as APIError).type).toBe("not_found_error");
  expect((unknown as APIError).error).toMatchObject({ message: "model 'nope:1b' not found" });
});

test("non-JSON bodies and non-object JSON get 400", async () => {
  for (const profile of ["openai", "vllm", "llamacpp"]) {
    expect((await post(profile, "/chat/completions", "{not json")).status).toBe(400);
    expect((await post(profile, "/embeddings", "[1,2]")).status).toBe(400);
  }
});

test("models on the wrong endpoint, empty embedding input", async () => {
  expect((await post("openai", "/chat/completions", { model: "text-embedding-3-small", messages: user })).status).toBe(
    404,
  );
  expect((await post("openai", "/completions", { model: "gpt-4o", prompt: "x" })).json.error?.message).toMatch(
    /This is a chat model/,
  );
  expect((await post("ollama", "/embeddings", { model: "llama3.1:8b", input: "x" })).status).toBe(400);
  expect((await post("openai", "/embeddings", { model: "text-embedding-3-small", input: "" })).json.error?.param).toBe(
    "input",
  );
  expect(
    (await post("openai", "/embeddings", { model: "text-embedding-3-small", input: "x", dimensions: 64 })).status,
  ).toBe(200);
});

test("unknown profile, unknown path and wrong method", async () => {
  expect((await fetch(`${sim.url}/nosuch/v1/models`)).status).toBe(404);
  const path = await fetch(`${sim.url}/openai/v1/assistants`);
  expect(path.status).toBe(404);
  expect(await path.json()).toMatchObject({ error: { message: "Invalid URL (GET /v1/assistants)" } });
  expect((await fetch(`${sim.url}/openai/v1/chat/completions`)).status).toBe(405);
  const root = (await (await fetch(`${sim.url}/`)).json()) as { data: { name: string; base_url: string }[] };
  expect(root.data.find((p) => p.name === "vllm")?.base_url).toBe(`${sim.url}/vllm/v1`);
});

test("bodies over the limit get 413 from the server and from the core", async () => {
  const big = JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "x".repeat(1024 * 1024 + 10) }] });
  const res = await fetch(`${sim.url}/openai/v1/chat/completions`, { method: "POST", body: big });
  expect(res.status).toBe(413);
  expect(await res.json()).toMatchObject({ error: { code: "request_too_large", type: "invalid_request_error" } });
  const core = createSimulator({ maxBodyBytes: 100 });
  const small = await core.handle(
    new Request("http://x/openai/v1/chat/completions", { method: "POST", body: "y".repeat(200) }),
  );
  expect(small.status).toBe(413);
  expect((await fetch(`${sim.url}/openai/v1/models`)).status).toBe(200);
});

test("random junk never crashes the simulator or yields an internal error", async () => {
  const rng = createRng(1234);
  const values: unknown[] = [null, 0, -1, 1.5, "", "x", true, [], {}, [1, "a"], { a: 1 }, 1e309, "\u0000"];
  const pick = (): unknown => values[Math.floor(rng() * values.length)];
  const keys = [
    "model",
    "messages",
    "n",
    "stop",
    "seed",
    "tools",
    "tool_choice",
    "response_format",
    "stream",
    "stream_options",
    "max_tokens",
    "logprobs",
    "top_logprobs",
    "input",
    "prompt",
    "encoding_format",
  ];
  for (let i = 0; i < 120; i++) {
    const body: Record<string, unknown> = {
      model: rng() < 0.5 ? "gpt-4o" : pick(),
      messages: rng() < 0.5 ? user : pick(),
    };
    for (const key of keys) if (rng() < 0.3) body[key] = pick();
    const profile = ["openai", "ollama", "llamacpp", "localai"][i % 4] ?? "openai";
    const path = ["/chat/completions", "/completions", "/embeddings"][i % 3] ?? "/chat/completions";
    const res = await fetch(`${sim.url}/${profile}/v1${path}`, { method: "POST", body: JSON.stringify(body) });
    const text = await res.text();
    expect(text, JSON.stringify(body)).not.toMatch(/Internal simulator error/);
    expect([200, 400, 404, 500, 501]).toContain(res.status);
  }
  expect((await fetch(`${sim.url}/openai/v1/models`)).status).toBe(200);
});
