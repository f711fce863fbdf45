import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Role } from "@/lib/auth/roles";
import type { CreateProviderBody } from "@/lib/schemas/providers";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { getDb } from "@/lib/server/db";
import { signInEveryRole } from "@/lib/testing/accounts";
import { call } from "@/lib/testing/http";
import { createLocalServers, createProfileForwarder } from "@/lib/server/upstream/test-servers";
import { createTestDatabase } from "@/lib/testing/test-database";
import * as discoveryRoute from "../discovery/route";
import * as modelsRoute from "./[id]/models/route";
import * as testRoute from "./[id]/test/route";
import * as unsavedTestRoute from "./connection-test/route";
import * as providersRoute from "./route";

/** A key no real response would contain by accident. */
const PLANTED_KEY = "sk-PLANTED-7f3c9e1d5b2a4c6e8f0a1b3d5e7f9a2c";
const PLANTED_HEADER = "hdr-PLANTED-0d9c8b7a6f5e4d3c2b1a";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let cookies: Record<Role, string>;
let sim: RunningSimulator;
const servers = createLocalServers();
const listen = servers.listen;
const ports: Record<string, number> = {};
const ids: Record<string, string> = {};
/** Every response body, to scan for the planted secrets at the end. */
const bodies: string[] = [];

/** Serves a simulator profile at the root of its own port, as discovery expects. */
const forwarder = (profile: string) => createProfileForwarder(() => sim.url, profile);

/** An upstream that echoes the credentials it received in its error messages. */
const echoing = http.createServer((req, res) => {
  const said = `Incorrect API key provided: ${req.headers.authorization}; team token ${req.headers["x-team-token"]}`;
  res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: said } }));
});

type Handler = (req: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;

async function send(
  handler: Handler,
  path: string,
  role: Role,
  opts: { method?: string; params?: { id: string } } = {},
) {
  const res = await call(handler, path, { method: opts.method ?? "POST", cookie: cookies[role], params: opts.params });
  const text = await res.text();
  bodies.push(text);
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function create(overrides: Partial<CreateProviderBody>): Promise<string> {
  const body: CreateProviderBody = {
    name: "x",
    kind: "ollama",
    baseUrl: `${sim.url}/ollama/v1`,
    apiKey: PLANTED_KEY,
    timeoutMs: 5000,
    maxRetries: 0,
    headers: [{ name: "X-Team-Token", value: PLANTED_HEADER }],
    environments: ["development"],
    concurrency: 1,
    ...overrides,
  };
  const res = await call(providersRoute.POST, "/api/providers", { method: "POST", cookie: cookies.admin, body });
  expect(res.status).toBe(201);
  return ((await res.json()) as { provider: { id: string } }).provider.id;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  ports.ollama = await listen(forwarder("ollama"));
  ports.llamacpp = await listen(forwarder("llamacpp"));
  ports.hanging = await listen(net.createServer(() => {}));
  ports.echo = await listen(echoing);
  // Read once by the app's configuration, which the test database and sign-ins load next.
  process.env.DISCOVERY_PORTS = [ports.ollama, ports.llamacpp, ports.hanging].join(",");
  db = await createTestDatabase();
  cookies = await signInEveryRole();
  ids.ollama = await create({ name: "Local Ollama", baseUrl: `http://localhost:${ports.ollama}/v1` });
  ids.echo = await create({ name: "Echoing", kind: "openai", baseUrl: `http://127.0.0.1:${ports.echo}/v1` });
});
afterAll(async () => {
  delete process.env.DISCOVERY_PORTS;
  await servers.closeAll();
  await sim.stop();
  await getDb().$disconnect();
  await db.drop();
});

const testPath = (id: string) => `/api/providers/${id}/test`;
const modelsPath = (id: string) => `/api/providers/${id}/models`;

describe("roles", () => {
  test("viewers read stored models but cannot test, refresh or scan (403)", async () => {
    const id = ids.ollama!;
    expect((await send(testRoute.POST, testPath(id), "viewer", { params: { id } })).status).toBe(403);
    expect((await send(modelsRoute.POST, modelsPath(id), "viewer", { params: { id } })).status).toBe(403);
    expect((await send(discoveryRoute.POST, "/api/discovery", "viewer")).status).toBe(403);
    const list = await send(modelsRoute.GET, modelsPath(id), "viewer", { method: "GET", params: { id } });
    expect(list).toEqual({ status: 200, body: { models: [] } });
  });
});

describe("members test, refresh and scan", () => {
  test("test connection → 200 with the outcome", async () => {
    const id = ids.ollama!;
    const { status, body } = await send(testRoute.POST, testPath(id), "member", { params: { id } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ outcome: "reachable", modelCount: 4, serverVersion: "0.12.6", status: 200 });
    expect(typeof body.latencyMs).toBe("number");
  });

  test("refresh stores models with declared capabilities; viewers then read them", async () => {
    const id = ids.ollama!;
    const refreshed = await send(modelsRoute.POST, modelsPath(id), "member", { params: { id } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.models).toContainEqual({
      modelId: "nomic-embed-text:latest",
      type: "embedding",
      declared: ["embedding"],
      source: "ollama /api/show",
    });
    const stored = await send(modelsRoute.GET, modelsPath(id), "viewer", { method: "GET", params: { id } });
    expect(stored.body).toEqual(refreshed.body);
  });

  test("an upstream that echoes the key: auth_failed / 502, with the key and header value scrubbed", async () => {
    const id = ids.echo!;
    const tested = await send(testRoute.POST, testPath(id), "member", { params: { id } });
    expect(tested.body).toMatchObject({ outcome: "auth_failed", status: 401 });
    expect(tested.body.message).toContain("Incorrect API key provided: Bearer ***; team token ***");
    const refreshed = await send(modelsRoute.POST, modelsPath(id), "admin", { params: { id } });
    expect(refreshed.status).toBe(502);
    expect(refreshed.body.error).toMatchObject({ code: "provider_error", details: { upstreamStatus: 401 } });
  });

  test("an unknown provider → 404", async () => {
    expect((await send(testRoute.POST, testPath("nope"), "member", { params: { id: "nope" } })).status).toBe(404);
    expect((await send(modelsRoute.POST, modelsPath("nope"), "member", { params: { id: "nope" } })).status).toBe(404);
  });

  test("scan: the configured ports, kinds identified, each marked whether it is already added", async () => {
    const { status, body } = await send(discoveryRoute.POST, "/api/discovery", "member");
    expect(status).toBe(200);
    expect(body.servers).toEqual([
      expect.objectContaining({ baseUrl: `http://localhost:${ports.ollama}/v1`, kind: "ollama", alreadyAdded: true }),
      expect.objectContaining({
        baseUrl: `http://localhost:${ports.llamacpp}/v1`,
        kind: "llamacpp",
        alreadyAdded: false,
      }),
    ]);
  });
});

describe("testing the form's settings before saving", () => {
  /** The form as the page sends it (the provider schema), for a server that wants `sim-secret-key`. */
  const form = (overrides: Record<string, unknown> = {}) => ({
    name: "Guarded",
    kind: "ollama",
    baseUrl: `${sim.url}/ollama+auth/v1`,
    apiKey: "",
    timeoutMs: 5000,
    maxRetries: 0,
    headers: [],
    environments: ["development"],
    concurrency: 1,
    ...overrides,
  });
  const test_ = async (body: Record<string, unknown>, role: Role = "member") => {
    const res = await call(unsavedTestRoute.POST, "/api/providers/connection-test", {
      method: "POST",
      cookie: cookies[role],
      body,
    });
    const text = await res.text();
    bodies.push(text);
    return { status: res.status, body: JSON.parse(text) };
  };

  test("new settings are tested as typed: the right key connects, a wrong one is refused", async () => {
    expect((await test_(form({ apiKey: "sim-secret-key" }))).body).toMatchObject({
      outcome: "reachable",
      modelCount: 4,
    });
    expect((await test_(form({ apiKey: "wrong" }))).body).toMatchObject({ outcome: "auth_failed", status: 401 });
  });

  test("the models typed in the form are checked against the server's list, the closest offered", async () => {
    const { body } = await test_(
      form({ apiKey: "sim-secret-key", defaultModel: "llama3.1", embeddingModel: "nomic-embed-text" }),
    );
    expect(body.modelChecks).toEqual([
      { field: "defaultModel", model: "llama3.1", served: false, closest: ["llama3.1:8b"] },
      { field: "embeddingModel", model: "nomic-embed-text", served: true, closest: [] },
    ]);
  });

  test("editing a provider: a blank key field tests with the stored key, and Clear tests without one", async () => {
    const id = await create({
      name: "Guarded",
      baseUrl: `${sim.url}/ollama+auth/v1`,
      apiKey: "sim-secret-key",
      headers: [],
    });
    expect((await test_(form({ providerId: id }))).body).toMatchObject({ outcome: "reachable" });
    expect((await test_(form({ providerId: id, clearApiKey: true }))).body).toMatchObject({ outcome: "auth_failed" });
  });

  test("a stored key is never sent to another host: moving the base URL needs the key typed again", async () => {
    const id = ids.ollama!;
    const moved = await test_(form({ providerId: id, baseUrl: `http://127.0.0.1:${ports.echo}/v1` }));
    expect(moved.status).toBe(400);
    expect(moved.body.error.details.map((d: { path: string }) => d.path)).toContain("apiKey");
  });

  test("the same validation and URL policy as saving, and viewers may not test", async () => {
    const bad = await test_(form({ timeoutMs: 10 }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^timeoutMs must be at least 1000 ms/);
    const metadata = await test_(form({ baseUrl: "http://169.254.169.254/v1" }));
    expect(metadata.status).toBe(400);
    expect(metadata.body.error.details).toEqual([expect.objectContaining({ path: "baseUrl" })]);
    expect((await test_(form({ apiKey: "sim-secret-key" }), "viewer")).status).toBe(403);
  });
});

test("the planted key and header value appear in no response", () => {
  expect(bodies.length).toBeGreaterThan(8);
  for (const text of bodies) {
    expect(text).not.toContain(PLANTED_KEY);
    expect(text).not.toContain(PLANTED_HEADER);
    expect(text).not.toContain("PLANTED");
  }
});
