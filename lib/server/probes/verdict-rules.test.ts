/**
 * The verdict rules a model or a server could otherwise fool, each against a small scripted
 * OpenAI-compatible server that behaves as the real one was seen to: a 500 that names no
 * field (refusal by comparison), a model that stops early under max_tokens, usage that
 * cannot be true, spec deviations in stream chunks, a 5xx that also happens without the
 * feature, a provider whose chat endpoint is refused outright.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { selectProbes } from "./registry";
import { runProbes } from "./runner";
import type { ProbeProvider } from "./types";

process.env.SWITCHYARD_SECRET ??= "0".repeat(64);

type Body = Record<string, unknown> & { messages?: { role: string; content: unknown }[] };
type Script = (body: Body, path: string) => { status?: number; json?: unknown; sse?: unknown[] };

let script: Script = () => ({ status: 500, json: { error: { message: "no script" } } });
let server: http.Server;
let baseUrl = "";
let requests: Body[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = (raw ? JSON.parse(raw) : {}) as Body;
      requests.push(body);
      const path = (req.url ?? "").replace(/^\/v1/, "");
      const out = script(body, path);
      if (out.sse) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        for (const chunk of out.sse) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
        res.end("data: [DONE]\n\n");
        return;
      }
      res.writeHead(out.status ?? 200, { "content-type": "application/json" }).end(JSON.stringify(out.json ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  requests = [];
});

const target = (): ProbeProvider => ({
  name: "scripted",
  kind: "custom",
  baseUrl,
  apiKey: "k",
  headers: {},
  timeoutMs: 3000,
  maxRetries: 0,
  proxyUrl: null,
  concurrency: 1,
  embeddingModel: null,
});

function completion(content: string, extra: { finish?: string; completionTokens?: number } = {}) {
  return {
    json: {
      id: "chatcmpl-1",
      object: "chat.completion",
      created: 1,
      model: "m",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content, refusal: null },
          logprobs: null,
          finish_reason: extra.finish ?? "stop",
        },
      ],
      usage: { prompt_tokens: 5, completion_tokens: extra.completionTokens ?? 3, total_tokens: 8 },
    },
  };
}

const probe = (feature: string) => runProbes({ provider: target(), model: "m", probes: selectProbes([feature]) });

test("a 500 that names no field, only when n is sent and on the retry too, is unsupported by comparison", async () => {
  script = (body) =>
    body.n === 2
      ? {
          status: 500,
          json: { error: { code: 500, message: "Only one completion choice is allowed", type: "server_error" } },
        }
      : completion("Hello there!");
  const { records, blocker } = await probe("n");
  expect(blocker).toBeNull();
  expect(records[0]).toMatchObject({
    verdict: "unsupported",
    reason: "HTTP 500 only when `n: 2` is sent: Only one completion choice is allowed",
  });
  // The baseline, the request with n, its retry, and the plain-chat control after a repeated 5xx.
  expect(requests.map((r) => r.n ?? null)).toEqual([null, 2, 2, null]);
  // The failing answers are evidence: status and the server's own body.
  expect(records[0]?.evidence.exchanges[0]?.response).toMatchObject({
    status: 500,
    excerpt: expect.stringContaining("Only one completion choice is allowed"),
  });
});

test("a 5xx that also happens without the feature stays error", async () => {
  let calls = 0;
  script = (body) => {
    calls++;
    // The baseline works; later every request fails, whatever it carries.
    return calls === 1 && body.n === undefined
      ? completion("Hello!")
      : { status: 503, json: { error: { message: "overloaded" } } };
  };
  const { records } = await probe("n");
  expect(records[0]?.verdict).toBe("error");
  expect(records[0]?.reason).toMatch(/HTTP 503: overloaded.*a plain chat fails right now too/);
});

test("a 500 that does not repeat was a glitch: the retry's answer is judged", async () => {
  let failed = false;
  script = (body) => {
    if (body.n === 2 && !failed) {
      failed = true;
      return { status: 500, json: { error: { message: "glitch" } } };
    }
    return body.n === 2
      ? {
          json: {
            ...completion("a").json,
            choices: [0, 1].map((index) => ({ ...completion("Tom").json.choices[0], index })),
          },
        }
      : completion("Hello!");
  };
  expect((await probe("n")).records[0]?.verdict).toBe("supported");
});

test("max_tokens: a model that ended by itself within the cap is not exercised, never partial", async () => {
  script = (body) =>
    body.max_tokens === 2 ? completion("1", { finish: "stop", completionTokens: 1 }) : completion("Hello!");
  const [record] = (await probe("max_tokens")).records;
  expect(record?.verdict).toBe("error");
  expect(record?.reason).toMatch(/^No conclusion: not exercised: the model ended by itself within the cap/);
});

test("max_tokens: judged by content and finish reason; usage that cannot be true is a warning, not a verdict", async () => {
  // One real local server reports 100 completion tokens for every reply.
  script = (body) =>
    body.max_tokens === 2
      ? completion("1, 2", { finish: "length", completionTokens: 100 })
      : completion("Hi", { completionTokens: 100 });
  const [record] = (await probe("max_tokens")).records;
  expect(record?.verdict).toBe("supported");
  expect(record?.warnings).toContain("usage says 100 completion tokens for a reply of 2 word(s): that cannot be true");
});

test("max_tokens: a long reply under a cap of 2 is ignored (partial)", async () => {
  script = () => completion(Array.from({ length: 50 }, (_, i) => i + 1).join(", "), { completionTokens: 150 });
  expect((await probe("max_tokens")).records[0]?.verdict).toBe("partial");
});

test("stream chunks that deviate from OpenAI's schema are recorded as warnings beside the verdict", async () => {
  const chunk = (content: string | null, finish: string | null) => ({
    id: "c",
    object: "chat.completion.chunk",
    created: 1,
    model: "m",
    choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }],
  });
  script = (body) =>
    body.stream
      ? { sse: [chunk("Light", "null"), chunk("houses ", "null"), chunk("stand tall.", "null"), chunk(null, "stop")] }
      : completion("Hello!");
  const [record] = (await probe("streaming")).records;
  expect(record?.verdict).toBe("supported");
  expect(record?.warnings).toContainEqual(
    expect.stringMatching(/^stream chunk 1: \/choices\/0\/finish_reason must be .* or null \(got the string "null"\)$/),
  );
});

test("a chat endpoint refused outright is one row-level finding; features that need chat are skipped, others run", async () => {
  script = (_body, path) =>
    path === "/models"
      ? { json: { object: "list", data: [{ id: "m", object: "model", created: 1, owned_by: "x" }] } }
      : {
          status: 501,
          json: {
            error: {
              code: 501,
              message: "This server does not support completions. Start it without `--embeddings`",
              type: "not_supported_error",
            },
          },
        };
  const { records, blocker } = await runProbes({
    provider: target(),
    model: "m",
    probes: selectProbes(["models", "chat", "json_mode", "n"]),
  });
  expect(blocker).toEqual({
    kind: "chat_refused",
    reason: "chat is refused: HTTP 501: This server does not support completions. Start it without `--embeddings`",
  });
  const byFeature = Object.fromEntries(records.map((r) => [r.feature, r]));
  expect(byFeature.models?.verdict).toBe("supported");
  for (const f of ["chat", "json_mode", "n"])
    expect(byFeature[f]).toMatchObject({ verdict: "skipped", reason: blocker?.reason });
});

test("a closed port: one connection attempt, then every feature skipped as unreachable", async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const { records, blocker } = await runProbes({
    provider: { ...target(), baseUrl: `http://127.0.0.1:${port}/v1` },
    model: "m",
    probes: selectProbes(["chat", "models", "embeddings"]),
  });
  expect(blocker?.reason).toMatch(/^provider unreachable: could not connect \(the connection was refused\)$/);
  expect(records.map((r) => r.verdict)).toEqual(["skipped", "skipped", "skipped"]);
});

function toolCall(id: string, name = "get_weather", args = '{"city":"Paris","unit":"celsius"}') {
  return { id, type: "function", function: { name, arguments: args } };
}
function calls(list: ReturnType<typeof toolCall>[]) {
  return {
    json: {
      id: "x",
      object: "chat.completion",
      created: 1,
      model: "m",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: null, refusal: null, tool_calls: list },
          logprobs: null,
          finish_reason: "tool_calls",
        },
      ],
      usage: { prompt_tokens: 5, completion_tokens: 9, total_tokens: 14 },
    },
  };
}

test("tools: no call under auto, a valid call when forced: not exercised, never partial", async () => {
  script = (body) =>
    body.tool_choice === "required" ? calls([toolCall("call_1")]) : completion("It is sunny in Paris.");
  const [record] = (await probe("tools")).records;
  expect(record?.verdict).toBe("error");
  expect(record?.reason).toMatch(/^No conclusion: not exercised: under tool_choice auto the model answered in text/);
});

test("tools: a server that refuses a tool without description (optional in the spec) gets a flag", async () => {
  script = (body) => {
    const tools = (body.tools as { function: { description?: string } }[] | undefined) ?? [];
    if (tools.some((t) => t.function.description === undefined)) {
      return {
        status: 500,
        json: {
          error: {
            code: 500,
            message: "Failed to parse tools: [json.exception.out_of_range.403] key 'description' not found",
            type: "server_error",
          },
        },
      };
    }
    return tools.length ? calls([toolCall("call_1")]) : completion("Hello!");
  };
  const [record] = (await probe("tools")).records;
  expect(record?.verdict).toBe("supported");
  expect(record?.flags).toEqual(["requires:tool_description"]);
  expect(record?.reason).toMatch(/requires a description on every tool/);
});

test("tool_choice: a forced call with an empty id was honoured — the reason says so, and names the defect", async () => {
  script = (body) =>
    body.tools
      ? calls([
          toolCall(
            "",
            (body.tool_choice as { function?: { name: string } })?.function?.name ?? "get_weather",
            body.tool_choice === "required" ? '{"city":"Paris","unit":"celsius"}' : '{"timezone":"Europe/Paris"}',
          ),
        ])
      : completion("Hello!");
  const [record] = (await probe("tool_choice")).records;
  expect(record?.verdict).toBe("partial");
  expect(record?.reason).toMatch(/required: honoured, but the call has an empty id/);
  expect(record?.reason).not.toMatch(/ignored/);
});

test("parallel_tool_calls: whether parallel calls work is said even when the calls lack ids", async () => {
  script = (body) =>
    body.tools
      ? calls(
          body.parallel_tool_calls === false
            ? [toolCall("")]
            : [toolCall(""), toolCall("", "get_time", '{"timezone":"Europe/Paris"}')],
        )
      : completion("Hello!");
  const [record] = (await probe("parallel_tool_calls")).records;
  expect(record?.verdict).toBe("partial");
  expect(record?.reason).toMatch(
    /^Parallel calls work \(get_weather, get_time; one with false\), but the calls have an empty id/,
  );
});

test("seed: replies identical even without a seed are not exercised (deterministic sampling)", async () => {
  script = () => completion("Once upon a time a fox slept.");
  const [record] = (await probe("seed")).records;
  expect(record?.verdict).toBe("error");
  expect(record?.reason).toMatch(/not exercised: every reply is identical even without a seed/);
});

test("json_mode: JSON that comes back even without response_format decides nothing", async () => {
  script = () => completion('{"haiku": "waves fold into foam"}');
  const [record] = (await probe("json_mode")).records;
  expect(record?.reason).toMatch(/not exercised: the model answers with a JSON object even without response_format/);
});

test("vision: a server that states nothing about vision is probed, not skipped", async () => {
  script = (body) => {
    const content = body.messages?.[0]?.content;
    return Array.isArray(content) ? completion("Red.") : completion("Hello!");
  };
  const { records } = await runProbes({
    provider: target(),
    model: "m",
    probes: selectProbes(["vision"]),
    declaredFor: async () => ({ capabilities: ["completion"], known: ["completion"], source: "llamacpp /props" }),
  });
  expect(records[0]?.verdict).toBe("supported");
  const explicit = await runProbes({
    provider: target(),
    model: "m",
    probes: selectProbes(["vision"]),
    declaredFor: async () => ({
      capabilities: ["completion"],
      known: ["completion", "vision"],
      source: "lmstudio /api/v1/models",
    }),
  });
  expect(explicit.records[0]?.verdict).toBe("skipped");
});

test("concurrency follows the slots a llama.cpp server declares in /props", async () => {
  script = (_body, path) =>
    path === "/props"
      ? { json: { total_slots: 1, default_generation_settings: {} } }
      : completion("Hello there friend.");
  const outcome = await runProbes({
    provider: { ...target(), kind: "llamacpp", concurrency: 4 },
    model: "m",
    probes: selectProbes(["chat", "logprobs", "n", "stop"]),
  });
  expect(outcome.capacity).toBe(1);
  expect(outcome.concurrency).toBe(1);
  const custom = await runProbes({
    provider: { ...target(), concurrency: 4 },
    model: "m",
    probes: selectProbes(["chat", "n"]),
  });
  expect(custom).toMatchObject({ capacity: null, concurrency: 2 });
});
