/**
 * Each profile answers in its own server's error shape and with its own texts, byte for byte
 * where the server's shape is fixed (the probes read these bodies, not the SDK's message).
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningSimulator, startSimulator } from "./index";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ faults: { modelLoadMs: 1 } });
});
afterAll(() => sim.stop());

const user = [{ role: "user", content: "Hello" }];

async function post(profile: string, path: string, body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`${sim.url}/${profile}/v1${path}`, { method: "POST", body: JSON.stringify(body) });
  return { status: res.status, text: await res.text() };
}

test.each([
  [
    "llamacpp: n ≠ 1 is a 500 server_error, keys code, message, type",
    "llamacpp",
    { model: "x", messages: user, n: 2 },
    500,
    '{"error":{"code":500,"message":"Only one completion choice is allowed","type":"server_error"}}',
  ],
  [
    "ollama: tools to a model without the capability, Go encoder's trailing newline",
    "ollama",
    { model: "gemma:2b", messages: user, tools: [{ type: "function", function: { name: "f", parameters: {} } }] },
    400,
    '{"error":{"message":"registry.ollama.ai/library/gemma:2b does not support tools","type":"invalid_request_error","param":null,"code":null}}\n',
  ],
  [
    "ollama: unknown model, 404 not_found_error",
    "ollama",
    { model: "llama9", messages: user },
    404,
    '{"error":{"message":"model \'llama9\' not found","type":"not_found_error","param":null,"code":null}}\n',
  ],
  [
    "ollama: an embedding model asked to chat, its name as sent",
    "ollama",
    { model: "nomic-embed-text", messages: user },
    400,
    '{"error":{"message":"\\"nomic-embed-text\\" does not support chat","type":"invalid_request_error","param":null,"code":null}}\n',
  ],
  [
    "lmstudio: json_object, a bare string",
    "lmstudio",
    { model: "qwen2.5-7b-instruct", messages: user, response_format: { type: "json_object" } },
    400,
    "{\"error\":\"'response_format.type' must be 'json_schema' or 'text'\"}",
  ],
  [
    "vllm 0.11: the auto tool choice 400 nested under error with the status as code",
    "vllm-no-auto-tools",
    {
      model: "Qwen/Qwen2.5-VL-7B-Instruct",
      messages: user,
      tools: [{ type: "function", function: { name: "f", parameters: {} } }],
    },
    400,
    '{"error":{"message":"\\"auto\\" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set","type":"BadRequestError","param":null,"code":400}}',
  ],
  [
    "vllm: unknown model, NotFoundError",
    "vllm",
    { model: "nope", messages: user },
    404,
    '{"error":{"message":"The model `nope` does not exist.","type":"NotFoundError","param":null,"code":404}}',
  ],
  [
    "localai: code = status, type always empty, no param",
    "localai",
    { model: "nope", messages: user },
    404,
    '{"error":{"code":404,"message":"model not found","type":""}}',
  ],
  [
    "openai: unknown model, model_not_found",
    "openai",
    { model: "nope", messages: user },
    404,
    '{"error":{"message":"The model `nope` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}',
  ],
])("%s", async (_name, profile, body, status, text) => {
  expect(await post(profile, "/chat/completions", body)).toEqual({ status, text });
});

test("LM Studio's unknown-model answer is an OpenAI-style object, unlike its other refusals", async () => {
  const res = await post("lmstudio", "/chat/completions", { model: "o4-mini", messages: user });
  expect(res.status).toBe(400);
  expect(JSON.parse(res.text)).toEqual({
    error: {
      message:
        'Invalid model identifier "o4-mini". Please specify a valid downloaded model (e.g., qwen2.5-7b-instruct, google/gemma-3-4b, text-embedding-nomic-embed-text-v1.5).',
      type: "invalid_request_error",
      param: "model",
      code: "model_not_found",
    },
  });
});

test("OpenAI names the image part it refuses in param", async () => {
  const messages = [
    { role: "user", content: "first" },
    {
      role: "user",
      content: [
        { type: "text", text: "see" },
        { type: "image_url", image_url: { url: "data:," } },
      ],
    },
  ];
  const res = await post("openai", "/chat/completions", { model: "o3-mini", messages });
  expect(res.status).toBe(400);
  expect(JSON.parse(res.text)).toEqual({
    error: {
      message: "Invalid content type. image_url is only supported by certain models.",
      type: "invalid_request_error",
      param: "messages.[1].content.[1].type",
      code: null,
    },
  });
});

test("vLLM: chat with a base model without a chat template is a 400 ending in ' None'; completions work", async () => {
  const chat = await post("vllm-base", "/chat/completions", { model: "facebook/opt-125m", messages: user });
  expect(chat).toEqual({
    status: 400,
    text: JSON.stringify({
      error: {
        message:
          "As of transformers v4.44, default chat template is no longer allowed, so you must provide a chat template if the tokenizer does not define one. None",
        type: "BadRequestError",
        param: null,
        code: 400,
      },
    }),
  });
  const completion = await post("vllm-base", "/completions", {
    model: "facebook/opt-125m",
    prompt: "Hi",
    max_tokens: 3,
  });
  expect(completion.status).toBe(200);
  expect(JSON.parse(completion.text)).toMatchObject({ object: "text_completion", model: "facebook/opt-125m" });
  const embeddings = await post("vllm-base", "/embeddings", { model: "facebook/opt-125m", input: "x" });
  expect(JSON.parse(embeddings.text)).toEqual({
    error: { message: "The model does not support Embeddings API", type: "BadRequestError", param: null, code: 400 },
  });
});

test("LocalAI's well-known discovery document is public and names its endpoints and features", async () => {
  const res = await fetch(`${sim.url}/localai/.well-known/localai.json`);
  expect(res.status).toBe(200);
  const doc = (await res.json()) as Record<string, Record<string, unknown>>;
  expect(doc.version).toBe("v4.9.0");
  expect(doc.endpoints).toMatchObject({ chat_completions: "/v1/chat/completions", models: "/v1/models" });
  expect(Object.keys(doc.endpoint_groups ?? {})).toEqual(
    expect.arrayContaining(["openai_compatible", "config_management", "model_management", "monitoring"]),
  );
  expect(doc.capabilities).toMatchObject({ config_metadata: true, mcp: true, agents: false, p2p: false });
  expect((await fetch(`${sim.url}/ollama/.well-known/localai.json`)).status).toBe(404);
});
