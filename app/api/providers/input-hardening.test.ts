/**
 * Input that passes a naive check but breaks later or misleads is refused on save, naming
 * the field and the rule, and nothing is written: look-alike names, connection headers,
 * header values HTTP cannot carry, bodies nested thousands deep, a new proxy that would
 * carry the stored secrets.
 */
import { expect, test } from "vitest";
import type { CreateProviderBody } from "@/lib/schemas/providers";
import { getDb } from "@/lib/server/db";
import { call } from "@/lib/testing/http";
import * as sessionsRoute from "../playground/sessions/route";
import * as providerRoute from "./[id]/route";
import * as providersRoute from "./route";
import { setUpTestDatabase } from "../test-support";

const { cookies } = setUpTestDatabase({ signIn: true });

function body(overrides: Partial<CreateProviderBody> = {}): CreateProviderBody {
  return {
    name: "Team Ollama",
    kind: "ollama",
    baseUrl: "http://localhost:11434/v1",
    apiKey: "ollama-key-1234",
    defaultModel: "llama3.1",
    timeoutMs: 30_000,
    maxRetries: 1,
    headers: [{ name: "X-Team-Token", value: "team-token-5678" }],
    environments: ["development"],
    concurrency: 1,
    enabled: true,
    ...overrides,
  };
}

const create = (overrides: Partial<CreateProviderBody> = {}) =>
  call(providersRoute.POST, "/api/providers", { method: "POST", cookie: cookies.admin, body: body(overrides) });

async function refusal(res: Response) {
  const { error } = (await res.json()) as { error: { message: string; details?: { path: string; message: string }[] } };
  return { status: res.status, message: error.message, first: error.details?.[0] };
}

let id = "";
let version = 1;

test("a provider is saved; names that differ only by case, spacing or Unicode form are the same name", async () => {
  const res = await create();
  expect(res.status).toBe(201);
  ({ id, version } = (await res.json()).provider);
  for (const name of ["team ollama", "  TEAM OLLAMA ", "Team Ollama"]) {
    const dup = await refusal(await create({ name }));
    expect(dup.status, name).toBe(409);
    expect(dup.first).toEqual({ path: "name", message: 'is already used by another provider ("Team Ollama")' });
  }
  // "é" as one code point and as e + combining accent are one name after NFC.
  expect((await create({ name: "Caf\u00e9" })).status).toBe(201);
  expect((await refusal(await create({ name: "Cafe\u0301" }))).status).toBe(409);
  expect(await getDb().provider.count()).toBe(2);
});

test.each([
  ["Team\u200bOllama", "zero-width space"],
  ["Team\u0000Ollama", "NUL"],
  ["Team \u001b[31mOllama", "terminal escape"],
  ["\u202eamallO maeT", "bidi override"],
  ["Team \ud800Ollama", "lone surrogate"],
])("a name with a %s (%s) is refused", async (name) => {
  const res = await refusal(await create({ name }));
  expect(res.status).toBe(400);
  expect(res.first?.path).toBe("name");
  expect(res.first?.message).toMatch(
    /must not contain (control, zero-width or other invisible|unpaired surrogate) characters/,
  );
});

const HEADER_CASES: [CreateProviderBody["headers"], string | null, RegExp | null][] = [
  [[{ name: "Transfer-Encoding", value: "chunked" }], "headers.0.name", /Transfer-Encoding belongs to the connection/],
  [[{ name: "connection", value: "close" }], "headers.0.name", /connection belongs to the connection/],
  [[{ name: "X-Team", value: "caf\u00e9" }], null, null],
  [[{ name: "X-Team", value: "\u20ac uro" }], "headers.0.value", /printable Latin-1 characters/],
  [[{ name: "X-Team", value: "a\u0007b" }], "headers.0.value", /printable Latin-1 characters/],
];

test.each(HEADER_CASES)("headers %j: refused at %s", async (headers, path, message) => {
  const res = await create({ headers, name: `Headers ${Math.random()}` });
  if (path === null) {
    expect(res.status).toBe(201);
    return;
  }
  const r = await refusal(res);
  expect(r.status).toBe(400);
  expect(r.first?.path).toBe(path);
  expect(r.first?.message).toMatch(message!);
});

test("adding or changing a proxy requires the stored key and header values again", async () => {
  const viaProxy = {
    ...body({ apiKey: "", headers: [{ name: "X-Team-Token" }], proxyUrl: "http://proxy.internal:3128" }),
    version,
  };
  const refused = await call(providerRoute.PUT, `/api/providers/${id}`, {
    method: "PUT",
    cookie: cookies.admin,
    params: { id },
    body: viaProxy,
  });
  const r = await refusal(refused);
  expect(r.status).toBe(400);
  expect(r.message).toMatch(/^The proxy changes: re-enter the stored API key and header values/);
  // With the secrets typed again, the proxy is saved.
  const ok = await call(providerRoute.PUT, `/api/providers/${id}`, {
    method: "PUT",
    cookie: cookies.admin,
    params: { id },
    body: { ...viaProxy, apiKey: "ollama-key-1234", headers: [{ name: "X-Team-Token", value: "team-token-5678" }] },
  });
  expect(ok.status).toBe(200);
  expect((await ok.json()).provider.proxyUrl).toBe("http://proxy.internal:3128");
});

test("a session save nested 200,000 deep is a 400 naming where, not a 500", async () => {
  const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
  const res = await call(sessionsRoute.POST, "/api/playground/sessions", {
    method: "POST",
    cookie: cookies.member,
    rawBody: `{"data":{"settings":${deep}}}`,
    headers: { "content-type": "application/json" },
  });
  const r = await refusal(res);
  expect(r.status).toBe(400);
  expect(r.message).toBe("data.settings.0.0.0.0.… is nested deeper than 64 levels");
  expect(await getDb().playgroundSession.count()).toBe(0);
});

test("out-of-range numbers are told their range, not that they are not whole numbers", async () => {
  const { POST } = await import("../playground/chat/route");
  for (const [params, expected] of [
    [{ maxTokens: 1e9 }, "params.maxTokens must be between 1 and 1000000"],
    [{ seed: 1e20 }, "params.seed must be between -9007199254740991 and 9007199254740991"],
    [{ maxTokens: 2.5 }, "params.maxTokens must be a whole number"],
  ] as const) {
    const res = await call(POST, "/api/playground/chat", {
      method: "POST",
      cookie: cookies.member,
      body: { target: { providerId: id, model: "m" }, messages: [{ role: "user", content: "hi" }], params },
    });
    expect((await refusal(res)).message).toBe(expected);
  }
});
