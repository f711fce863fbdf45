/**
 * llama-server b4748's own request checks (profiles/llamacpp-parse.ts): the minimal tool
 * forms it refuses, its native structured-output fields, the order of its tool checks and the
 * `--embeddings` and no-`--jinja` servers.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningSimulator, startSimulator } from "./index";
import { createAjv } from "./test-support";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.stop());

const user = [{ role: "user", content: "Invent a city" }];

async function post(profile: string, path: string, body: unknown) {
  const res = await fetch(`${sim.url}/${profile}/v1${path}`, { method: "POST", body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const serverError = (message: string) => ({ error: { code: 500, message, type: "server_error" } });

test("a function tool without description is a 500 naming the key, with the tools pretty-printed", async () => {
  const tools = [{ type: "function", function: { name: "get_time", parameters: { type: "object" } } }];
  const res = await post("llamacpp", "/chat/completions", { model: "m", messages: user, tools });
  expect(res.status).toBe(500);
  expect(res.body).toEqual(
    serverError(
      "Failed to parse tools: [json.exception.out_of_range.403] key 'description' not found; tools = [\n" +
        "  {\n" +
        '    "type": "function",\n' +
        '    "function": {\n' +
        '      "name": "get_time",\n' +
        '      "parameters": {\n' +
        '        "type": "object"\n' +
        "      }\n" +
        "    }\n" +
        "  }\n" +
        "]",
    ),
  );
});

test("a tool without parameters names 'parameters'; a null description is a type error", async () => {
  const noParameters = [{ type: "function", function: { name: "f", description: "d" } }];
  const a = await post("llamacpp", "/chat/completions", { model: "m", messages: user, tools: noParameters });
  expect((a.body.error as { message: string }).message).toMatch(
    /^Failed to parse tools: \[json\.exception\.out_of_range\.403\] key 'parameters' not found; tools = \[\n {2}\{/,
  );
  const nullDescription = [{ type: "function", function: { name: "f", description: null, parameters: {} } }];
  const b = await post("llamacpp", "/chat/completions", { model: "m", messages: user, tools: nullDescription });
  expect((b.body.error as { message: string }).message).toMatch(
    /^Failed to parse tools: \[json\.exception\.type_error\.302\] type must be string, but is null; tools = /,
  );
  // With both, the tool is accepted.
  const full = [{ type: "function", function: { name: "f", description: "d", parameters: {} } }];
  expect((await post("llamacpp", "/chat/completions", { model: "m", messages: user, tools: full })).status).toBe(200);
});

test("an image part is refused while parsing messages, echoing the whole messages array", async () => {
  const messages = [
    { role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } }] },
  ];
  const res = await post("llamacpp", "/chat/completions", { model: "m", messages });
  expect(res).toEqual({
    status: 500,
    body: serverError(
      `Failed to parse messages: Unsupported content part type: "image_url"; messages = ${JSON.stringify(messages, null, 2)}`,
    ),
  });
});

const CITY = {
  type: "object",
  properties: { name: { type: "string" }, population: { type: "integer", minimum: 0 } },
  required: ["name", "population"],
  additionalProperties: false,
};

function content(body: Record<string, unknown>): string {
  return (body.choices as { message: { content: string } }[])[0]?.message.content ?? "";
}

test("json_object with a schema and a top-level json_schema are enforced; response_format json_schema is not", async () => {
  const ajv = createAjv();
  const native = await post("llamacpp", "/chat/completions", {
    model: "m",
    messages: user,
    response_format: { type: "json_object", schema: CITY },
  });
  expect(ajv.validate(CITY, JSON.parse(content(native.body)))).toBe(true);
  const topLevel = await post("llamacpp", "/chat/completions", { model: "m", messages: user, json_schema: CITY });
  expect(ajv.validate(CITY, JSON.parse(content(topLevel.body)))).toBe(true);
  const plain = await post("llamacpp", "/chat/completions", {
    model: "m",
    messages: user,
    response_format: { type: "json_object" },
  });
  expect(JSON.parse(content(plain.body))).toBeTypeOf("object");
  // What issue 12 observed on this build: HTTP 200, prose.
  const openaiForm = await post("llamacpp", "/chat/completions", {
    model: "m",
    messages: user,
    response_format: { type: "json_schema", json_schema: { name: "city", schema: CITY } },
  });
  expect(openaiForm.status).toBe(200);
  expect(() => JSON.parse(content(openaiForm.body))).toThrow();
  // Other profiles ignore llama.cpp's `schema` field: json_object is just JSON.
  const ollama = await post("ollama", "/chat/completions", {
    model: "llama3.1:8b",
    messages: user,
    response_format: { type: "json_object", schema: CITY },
  });
  expect(ajv.validate(CITY, JSON.parse(content(ollama.body)))).toBe(false);
});

test("without --jinja: tools need the flag, but streaming is refused first; tool_choice alone too", async () => {
  const tools = [{ type: "function", function: { name: "f", description: "d", parameters: {} } }];
  const plain = await post("llamacpp-no-jinja", "/chat/completions", { model: "m", messages: user, tools });
  expect(plain).toEqual({ status: 500, body: serverError("tools param requires --jinja flag") });
  const streamed = await post("llamacpp-no-jinja", "/chat/completions", {
    model: "m",
    messages: user,
    tools,
    stream: true,
  });
  expect(streamed).toEqual({ status: 500, body: serverError("Cannot use tools with stream") });
  const choice = await post("llamacpp-no-jinja", "/chat/completions", {
    model: "m",
    messages: user,
    tool_choice: "none",
  });
  expect(choice).toEqual({ status: 500, body: serverError("Unsupported param: tool_choice") });
  expect((await post("llamacpp-no-jinja", "/chat/completions", { model: "m", messages: user })).status).toBe(200);
  // With --jinja the same streamed request gets the same stream refusal.
  const jinja = await post("llamacpp", "/chat/completions", { model: "m", messages: user, tools, stream: true });
  expect(jinja).toEqual({ status: 500, body: serverError("Cannot use tools with stream") });
});

test("--embeddings: chat and completions are 501, embeddings work and echo the model asked for", async () => {
  const refusal = {
    status: 501,
    body: {
      error: {
        code: 501,
        message: "This server does not support completions. Start it without `--embeddings`",
        type: "not_supported_error",
      },
    },
  };
  expect(await post("llamacpp-embeddings", "/chat/completions", { model: "m", messages: user })).toEqual(refusal);
  expect(await post("llamacpp-embeddings", "/completions", { model: "m", prompt: "Hi" })).toEqual(refusal);
  const res = await post("llamacpp-embeddings", "/embeddings", { model: "whatever", input: ["a cat", "a dog"] });
  expect(res.status).toBe(200);
  expect(res.body.model).toBe("whatever");
  expect((res.body.data as { embedding: number[] }[]).map((d) => d.embedding.length)).toEqual([768, 768]);
  const models = await (await fetch(`${sim.url}/llamacpp-embeddings/v1/models`)).json();
  expect(models.data.map((m: { id: string }) => m.id)).toEqual(["nomic-embed-text-v1.5.Q8_0.gguf"]);
});

test("legacy completions: echo, best_of and suffix are unsupported params, n ≠ 1 refused", async () => {
  for (const param of ["echo", "best_of", "suffix"]) {
    const res = await post("llamacpp", "/completions", {
      model: "m",
      prompt: "Hi",
      [param]: param === "best_of" ? 2 : false,
    });
    expect(res).toEqual({ status: 500, body: serverError(`Unsupported param: ${param}`) });
  }
  const n = await post("llamacpp", "/completions", { model: "m", prompt: "Hi", n: 2 });
  expect(n).toEqual({ status: 500, body: serverError("Only one completion choice is allowed") });
});

test("parallel_tool_calls defaults to false: one call unless the request asks for more", async () => {
  const tool = (name: string, description: string) => ({
    type: "function",
    function: { name, description, parameters: { type: "object", properties: {} } },
  });
  const tools = [tool("get_weather", "Weather forecast for a city"), tool("get_time", "Local clock time")];
  const messages = [{ role: "user", content: "What's the weather in Paris and the local time there?" }];
  const calls = async (extra: object) => {
    const res = await post("llamacpp", "/chat/completions", {
      model: "m",
      messages,
      tools,
      tool_choice: "required",
      ...extra,
    });
    return (res.body.choices as { message: { tool_calls?: unknown[] } }[])[0]?.message.tool_calls?.length;
  };
  expect(await calls({})).toBe(1);
  expect(await calls({ parallel_tool_calls: true })).toBe(2);
});
