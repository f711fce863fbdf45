/**
 * The `openai` profile's responses validate against OpenAI's published JSON Schemas
 * (shared/openai-openapi/chat-schemas.json), checked with ajv on the raw bodies.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningSimulator, SIMULATOR_API_KEY, startSimulator } from "./index";
import { openaiValidator } from "./test-support";

let sim: RunningSimulator;
let base: string;
beforeAll(async () => {
  sim = await startSimulator({ maxBodyBytes: 64 * 1024 });
  base = `${sim.url}/openai/v1`;
});
afterAll(() => sim.stop());

const validators = {
  chat: openaiValidator("CreateChatCompletionResponse"),
  chunk: openaiValidator("CreateChatCompletionStreamResponse"),
  embeddings: openaiValidator("CreateEmbeddingResponse"),
  models: openaiValidator("ListModelsResponse"),
  model: openaiValidator("Model"),
  completion: openaiValidator("CreateCompletionResponse"),
  error: openaiValidator("ErrorResponse"),
};

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

function frames(text: string): unknown[] {
  const datas = text
    .split("\n\n")
    .filter((f) => f.startsWith("data: "))
    .map((f) => f.slice(6));
  expect(datas.at(-1)).toBe("[DONE]");
  return datas.slice(0, -1).map((d) => JSON.parse(d) as unknown);
}

const weather = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

test.each([
  ["plain", { messages: [{ role: "user", content: "Hello" }] }],
  ["n=2 with logprobs", { messages: [{ role: "user", content: "Hello" }], n: 2, logprobs: true, top_logprobs: 3 }],
  ["tool calls", { messages: [{ role: "user", content: "weather in Oslo?" }], tools: [weather] }],
  [
    "json_schema",
    {
      messages: [{ role: "user", content: "x" }],
      response_format: {
        type: "json_schema",
        json_schema: { name: "x", schema: { type: "object", properties: { a: { type: "integer" } }, required: ["a"] } },
      },
    },
  ],
  ["max_completion_tokens", { messages: [{ role: "user", content: "Hello" }], max_completion_tokens: 2 }],
])("chat completion (%s) validates", async (_name, body) => {
  const res = await post("/chat/completions", { model: "gpt-4o-mini", ...body });
  expect(res.status).toBe(200);
  expect(validators.chat(await res.json())).toBeUndefined();
});

test.each([
  [
    "text + usage + logprobs",
    {
      messages: [{ role: "user", content: "Hello" }],
      stream_options: { include_usage: true },
      logprobs: true,
      top_logprobs: 1,
    },
  ],
  ["tool calls", { messages: [{ role: "user", content: "weather in Oslo?" }], tools: [weather] }],
])("every stream chunk (%s) validates", async (_name, body) => {
  const res = await post("/chat/completions", { model: "gpt-4o", stream: true, ...body });
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const chunks = frames(await res.text());
  expect(chunks.length).toBeGreaterThan(3);
  for (const chunk of chunks) expect(validators.chunk(chunk)).toBeUndefined();
});

test("embeddings, models and completions validate", async () => {
  const emb = await post("/embeddings", {
    model: "text-embedding-3-small",
    input: ["a", "b"],
    encoding_format: "float",
  });
  expect(validators.embeddings(await emb.json())).toBeUndefined();
  expect(validators.models(await (await fetch(`${base}/models`)).json())).toBeUndefined();
  expect(validators.model(await (await fetch(`${base}/models/gpt-4o`)).json())).toBeUndefined();
  const completion = await post("/completions", {
    model: "gpt-3.5-turbo-instruct",
    prompt: ["one", "two"],
    max_tokens: 4,
  });
  expect(validators.completion(await completion.json())).toBeUndefined();
  // Streamed legacy completions are not checked: the spec makes `finish_reason` a required
  // string, while the real API (and the simulator) sends null until the last chunk.
});

test.each([
  ["missing messages", () => post("/chat/completions", { model: "gpt-4o" }), 400],
  ["wrong type", () => post("/chat/completions", { model: "gpt-4o", messages: "hi" }), 400],
  ["not JSON", () => post("/chat/completions", "{nope"), 400],
  [
    "unknown model",
    () => post("/chat/completions", { model: "gpt-9", messages: [{ role: "user", content: "x" }] }),
    404,
  ],
  [
    "reasoning max_tokens",
    () => post("/chat/completions", { model: "o3-mini", max_tokens: 3, messages: [{ role: "user", content: "x" }] }),
    400,
  ],
  [
    "oversize body",
    () => post("/chat/completions", { model: "gpt-4o", messages: [{ role: "user", content: "x".repeat(70_000) }] }),
    413,
  ],
  ["no API key", () => fetch(`${sim.url}/openai+auth/v1/models`), 401],
  [
    "wrong API key",
    () => fetch(`${sim.url}/openai+auth/v1/models`, { headers: { authorization: `Bearer ${SIMULATOR_API_KEY}x` } }),
    401,
  ],
  ["rate limit", () => fetch(`${sim.url}/openai+ratelimit/v1/models`), 429],
  // +flaky fails every other request: the first succeeds, the second is a 500.
  [
    "flaky 500",
    () => fetch(`${sim.url}/openai+flaky/v1/models`).then(() => fetch(`${sim.url}/openai+flaky/v1/models`)),
    500,
  ],
  ["unknown path", () => fetch(`${base}/nothing-here`), 404],
])("error body (%s) validates as ErrorResponse", async (_name, send, status) => {
  const res = await send();
  expect(res.status).toBe(status);
  expect(validators.error(await res.json())).toBeUndefined();
});
