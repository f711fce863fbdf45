import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { type RunningSimulator, startSimulator } from "@/lib/simulator";
import * as providersRoute from "@/app/api/providers/route";
import { getDb } from "@/lib/server/db";
import { flushGatewayLog } from "@/lib/server/gateway/log";
import { specDeviations } from "@/lib/server/probes/conformance";
import { PLANTED_HEADER, PLANTED_KEY, createSimulatedProvider } from "@/lib/server/probes/test-support";
import { signInEveryRole } from "@/lib/testing/accounts";
import { type RunningGateway, addKey, addRoute, startGateway } from "@/lib/testing/gateway";
import { call } from "@/lib/testing/http";
import { createTestDatabase } from "@/lib/testing/test-database";
import { stopTestBed } from "@/lib/testing/test-bed";
import { revokeKey } from "@/lib/server/gateway/keys";
import * as v1Route from "./[...path]/route";

/**
 * The gateway through the official OpenAI SDK, as an application uses it: only `baseURL`
 * and the key change. Every answer and every stream chunk is checked against OpenAI's
 * published schemas.
 */

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let sim: RunningSimulator;
let gw: RunningGateway;
let cookies: Record<Role, string>;
const ids: Record<string, string> = {};
const keys: Record<string, { id: string; secret: string }> = {};
/** Everything the gateway sent back, to look for secrets in. */
const seen: string[] = [];

const client = (secret: string, options: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}) =>
  new OpenAI({
    baseURL: gw.baseURL,
    apiKey: secret,
    maxRetries: 0,
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      seen.push(JSON.stringify([...res.headers]));
      if (!(res.headers.get("content-type") ?? "").includes("event-stream")) seen.push(await res.clone().text());
      return res;
    },
    ...options,
  });

beforeAll(async () => {
  // Log lines count as "anything that leaves": they are checked for secrets too.
  for (const level of ["log", "info", "warn", "error"] as const) {
    const original = console[level].bind(console);
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      seen.push(args.map(String).join(" "));
      original(...args);
    });
  }
  sim = await startSimulator({ seed: 11 });
  db = await createTestDatabase();
  cookies = await signInEveryRole();
  ids.openai = await createSimulatedProvider(sim.url, "openai", { name: "Sim OpenAI" });
  ids.ollama = await createSimulatedProvider(sim.url, "ollama", { name: "Sim Ollama" });
  await addRoute("default", [{ providerId: ids.openai, model: "gpt-4o-mini" }]);
  await addRoute("local", [{ providerId: ids.ollama, model: "llama3.1:8b" }]);
  await addRoute("embed", [{ providerId: ids.openai, model: "text-embedding-3-small" }]);
  await addRoute("legacy", [{ providerId: ids.openai, model: "gpt-3.5-turbo-instruct" }]);
  keys.all = await addKey({ allowDirect: true });
  keys.limited = await addKey({ routes: ["default"] });
  keys.once = await addKey({ rpm: 1 });
  keys.revoked = await addKey();
  await revokeKey(keys.revoked.id);
  gw = await startGateway();
});

afterAll(() => stopTestBed({ gateway: gw, simulators: [sim], db }));

const ask = (content: string) => [{ role: "user" as const, content }];

describe("answers in OpenAI's shapes", () => {
  test("a chat completion, with what was done in the headers", async () => {
    const { data, response } = await client(keys.all!.secret)
      .chat.completions.create({ model: "default", messages: ask("Say hello") })
      .withResponse();
    expect(specDeviations("chat", data)).toEqual([]);
    expect(data.choices[0]!.message.content).toBeTruthy();
    expect(data.model).toBe("gpt-4o-mini");
    expect(response.headers.get("x-switchyard-route")).toBe("default");
    expect(response.headers.get("x-switchyard-target")).toBe("Sim OpenAI/gpt-4o-mini");
    expect(response.headers.get("x-switchyard-fallbacks")).toBe("");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  test("a stream: every chunk spec-valid, content then usage when asked, [DONE] at the end", async () => {
    const stream = await client(keys.all!.secret).chat.completions.create({
      model: "default",
      messages: ask("Count to five"),
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    const chunks = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      expect(specDeviations("chunk", chunk)).toEqual([]);
      text += chunk.choices[0]?.delta.content ?? "";
    }
    expect(text.length).toBeGreaterThan(0);
    expect(chunks.at(-1)!.usage?.completion_tokens).toBeGreaterThan(0);
    // Without include_usage, no usage chunk (the gateway asks upstream for it, for its log).
    const plain = await client(keys.all!.secret).chat.completions.create({
      model: "local",
      messages: ask("Count to five"),
      stream: true,
    });
    for await (const chunk of plain) {
      expect(specDeviations("chunk", chunk)).toEqual([]);
      expect(chunk.usage ?? null).toBeNull();
    }
  });

  test("a tool-call round trip", async () => {
    const openai = client(keys.all!.secret);
    const tools = [
      {
        type: "function" as const,
        function: {
          name: "get_weather",
          description: "The weather in a city",
          parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        },
      },
    ];
    const messages: OpenAI.ChatCompletionMessageParam[] = ask("What is the weather in Paris? Use the tool.");
    const first = await openai.chat.completions.create({ model: "default", messages, tools, tool_choice: "required" });
    expect(specDeviations("chat", first)).toEqual([]);
    const call = first.choices[0]!.message.tool_calls?.[0];
    expect(call?.type).toBe("function");
    if (call?.type !== "function") throw new Error("no function call");
    expect(call.function.name).toBe("get_weather");
    expect(JSON.parse(call.function.arguments)).toHaveProperty("city");
    messages.push(first.choices[0]!.message, { role: "tool", tool_call_id: call.id, content: '{"temp_c": 18}' });
    const second = await openai.chat.completions.create({ model: "default", messages, tools });
    expect(specDeviations("chat", second)).toEqual([]);
    expect(second.choices[0]!.message.content).toBeTruthy();
  });

  test("embeddings, as floats and as the SDK's default base64", async () => {
    const openai = client(keys.all!.secret);
    const floats = await openai.embeddings.create({ model: "embed", input: ["one", "two"], encoding_format: "float" });
    expect(specDeviations("embeddings", floats)).toEqual([]);
    expect(floats.data).toHaveLength(2);
    // The SDK asks for base64 and decodes it itself: the vectors must come out the same.
    const decoded = await openai.embeddings.create({ model: "embed", input: ["one", "two"] });
    expect(decoded.data[0]!.embedding).toHaveLength(floats.data[0]!.embedding.length);
    expect(decoded.data[0]!.embedding[3]).toBeCloseTo(floats.data[0]!.embedding[3]!, 5);
  });

  test("legacy completions", async () => {
    const res = await client(keys.all!.secret).completions.create({
      model: "legacy",
      prompt: "Once upon",
      max_tokens: 8,
    });
    expect(specDeviations("completion", res)).toEqual([]);
    expect(res.choices[0]!.text.length).toBeGreaterThan(0);
  });

  test("models: the key's routes, direct targets when it may, each with its verdicts", async () => {
    const all = await client(keys.all!.secret).models.list();
    expect(specDeviations("models", { object: "list", data: all.data })).toEqual([]);
    const names = all.data.map((m) => m.id);
    expect(names).toEqual(expect.arrayContaining(["default", "embed", "legacy", "local", "Sim OpenAI/gpt-4o-mini"]));
    // Switchyard's own `switchyard` field is not in the SDK's Model type.
    const route = all.data.find((m) => m.id === "default") as unknown as {
      switchyard: { kind: string; targets: unknown[] };
    };
    expect(route.switchyard).toMatchObject({
      kind: "route",
      targets: [{ provider: "Sim OpenAI", model: "gpt-4o-mini" }],
    });

    const limited = await client(keys.limited!.secret).models.list();
    expect(limited.data.map((m) => m.id)).toEqual(["default"]);

    const one = await client(keys.all!.secret).models.retrieve("Sim OpenAI/gpt-4o-mini");
    expect(specDeviations("model", one)).toEqual([]);
    expect(one.owned_by).toBe("Sim OpenAI");
    await expect(client(keys.limited!.secret).models.retrieve("local")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  test("under next dev, app/v1's route handler is the same handler", async () => {
    const res = await v1Route.POST(
      new Request("http://localhost:3000/v1/chat/completions", {
        method: "POST",
        headers: { authorization: `Bearer ${keys.all!.secret}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "default", messages: ask("hi") }),
      }),
    );
    expect(res.status).toBe(200);
    expect(specDeviations("chat", await res.json())).toEqual([]);
    expect(res.headers.get("x-switchyard-route")).toBe("default");
  });

  test("a direct target answers by `Provider name/model`", async () => {
    const { data, response } = await client(keys.all!.secret)
      .chat.completions.create({ model: "Sim Ollama/llama3.1:8b", messages: ask("hi") })
      .withResponse();
    expect(specDeviations("chat", data)).toEqual([]);
    expect(response.headers.get("x-switchyard-route")).toBe("direct");
    expect(response.headers.get("x-switchyard-target")).toBe("Sim Ollama/llama3.1:8b");
  });
});

describe("errors the SDK raises as its typed errors", () => {
  async function rejection(promise: Promise<unknown>) {
    const err = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    if (!(err instanceof OpenAI.APIError)) throw new Error(`expected an APIError, got ${String(err)}`);
    expect(specDeviations("error", err.error === undefined ? null : { error: err.error })).toEqual([]);
    return err;
  }
  const hello = { messages: ask("hi") };

  test("401 for a wrong, missing or revoked key", async () => {
    const wrong = await rejection(
      client("sy-wrongwrongwrongwrongwrongwrongwron").chat.completions.create({ model: "default", ...hello }),
    );
    expect(wrong).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(wrong.code).toBe("invalid_api_key");
    const revoked = await rejection(
      client(keys.revoked!.secret).chat.completions.create({ model: "default", ...hello }),
    );
    expect(revoked).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(revoked.message).toMatch(/was revoked/);
    const none = await fetch(`${gw.baseURL}/models`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(/didn't provide an API key/);
  });

  test("a dashboard session never authorises /v1, and a gateway key never reaches the dashboard's APIs", async () => {
    const withCookie = await fetch(`${gw.baseURL}/models`, { headers: { cookie: cookies.admin } });
    expect(withCookie.status).toBe(401);
    const withKey = await call(providersRoute.GET, "/api/providers", {
      headers: { authorization: `Bearer ${keys.all!.secret}` },
    });
    expect(withKey.status).toBe(401);
  });

  test("403 for a route the key may not use, or a direct target without allowDirect", async () => {
    const route = await rejection(client(keys.limited!.secret).chat.completions.create({ model: "local", ...hello }));
    expect(route).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(route.param).toBe("model");
    const direct = await rejection(
      client(keys.limited!.secret).chat.completions.create({ model: "Sim Ollama/llama3.1:8b", ...hello }),
    );
    expect(direct).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(direct.code).toBe("direct_not_allowed");
  });

  test("404 for an unknown route, listing the ones there are", async () => {
    const err = await rejection(client(keys.all!.secret).chat.completions.create({ model: "nope", ...hello }));
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect(err.code).toBe("model_not_found");
    expect(err.message).toMatch(/routes: default, embed, legacy, local/);
  });

  test("400 naming the parameter; malformed JSON; 413 over the size limit; 404/405 for other paths", async () => {
    const missing = await rejection(
      // Deliberately without `messages`, which the SDK's types require.
      client(keys.all!.secret).chat.completions.create({
        model: "default",
      } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming),
    );
    expect(missing).toBeInstanceOf(OpenAI.BadRequestError);
    expect(missing.param).toBe("messages");
    const range = await rejection(
      client(keys.all!.secret).chat.completions.create({ model: "default", temperature: 5, ...hello }),
    );
    expect(range.param).toBe("temperature");
    expect(range.message).toMatch(/temperature/);

    const auth = { authorization: `Bearer ${keys.all!.secret}`, "content-type": "application/json" };
    const malformed = await fetch(`${gw.baseURL}/chat/completions`, { method: "POST", headers: auth, body: "{nope" });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe("invalid_json");
    const huge = await fetch(`${gw.baseURL}/chat/completions`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ model: "default", messages: ask("x".repeat(17 * 1024 * 1024)) }),
    });
    expect(huge.status).toBe(413);
    const unknown = await fetch(`${gw.baseURL}/files`, { headers: auth });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe(
      "Invalid URL (GET /v1/files)",
    );
    const method = await fetch(`${gw.baseURL}/chat/completions`, { headers: auth });
    expect(method.status).toBe(405);
  });

  test("429 with Retry-After past the key's requests per minute", async () => {
    const openai = client(keys.once!.secret);
    await openai.models.list();
    const err = await rejection(openai.models.list());
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(Number(err.headers?.get("retry-after"))).toBeGreaterThan(0);
  });

  test("400 with the server's own words when the server refuses the request (embeddings, as chat)", async () => {
    const err = await rejection(client(keys.all!.secret).embeddings.create({ model: "embed", input: "" }));
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.code).toBe("upstream_refused");
    expect(err.message).toMatch(
      /^400 Every target refused the request — Sim OpenAI: refused: embeddings \(HTTP 400: .+\)/,
    );
  });

  test("5xx as APIError when every target failed, naming each", async () => {
    const dead = await createSimulatedProvider("http://127.0.0.1:1", "openai", { name: "Dead end" });
    await addRoute("dead", [{ providerId: dead, model: "gpt-4o-mini" }]);
    const err = await rejection(client(keys.all!.secret).chat.completions.create({ model: "dead", ...hello }));
    expect(err.status).toBe(502);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect(err.message).toMatch(/Dead end/);
  });
});

test("bad requests leave one log row each and nothing else; no provider secret ever leaves", async () => {
  await flushGatewayLog();
  const rows = await getDb().requestLog.findMany({ where: { source: "gateway" } });
  expect(rows.some((r) => r.httpStatus === 404 && r.keyId === keys.all!.id)).toBe(true);
  expect(rows.every((r) => r.endpoint !== null && r.environment === "development")).toBe(true);
  const everything = [...seen, JSON.stringify(rows)].join("\n");
  expect(everything).not.toContain(PLANTED_KEY);
  expect(everything).not.toContain(PLANTED_HEADER);
  const key = await getDb().gatewayKey.findUniqueOrThrow({ where: { id: keys.all!.id } });
  expect(JSON.stringify(key)).not.toContain(keys.all!.secret);
  expect(key.lastUsedAt).not.toBeNull();
});
