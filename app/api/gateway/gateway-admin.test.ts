import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Role } from "@/lib/auth/roles";
import type { GatewayKeyView, RouteView } from "@/lib/schemas/gateway";
import { type RunningSimulator, startSimulator } from "@/lib/simulator";
import { getDb } from "@/lib/server/db";
import { invalidateGatewayConfig } from "@/lib/server/gateway/config";
import { createSimulatedProvider } from "@/lib/server/probes/test-support";
import { type RunningGateway, startGateway } from "@/lib/testing/gateway";
import { call } from "@/lib/testing/http";
import * as keyRoute from "./keys/[id]/route";
import * as keysRoute from "./keys/route";
import * as routeRoute from "./routes/[id]/route";
import * as routesRoute from "./routes/route";
import { setUpTestDatabase } from "../test-support";

/**
 * The gateway's admin API: routes (optimistic locking, as providers) and keys (the secret
 * once, a hash stored, revocation at once). Edits reach a running gateway immediately.
 */

const { cookies } = setUpTestDatabase({ signIn: true });
let sim: RunningSimulator;
let gw: RunningGateway;
let openaiId: string;
let ollamaId: string;
let stagingOnlyId: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 2 });
  openaiId = await createSimulatedProvider(sim.url, "openai", { name: "Sim OpenAI" });
  ollamaId = await createSimulatedProvider(sim.url, "ollama", { name: "Sim Ollama" });
  stagingOnlyId = await createSimulatedProvider(sim.url, "vllm", { name: "Staging vLLM", environments: ["staging"] });
  gw = await startGateway();
});

afterAll(async () => {
  await gw.stop();
  await sim.stop();
});

type ErrorBody = { error: { code: string; message: string; details?: { path: string; message: string }[] } };

const postRoute = (body: unknown, role: Role = "admin") =>
  call(routesRoute.POST, "/api/gateway/routes", { method: "POST", cookie: cookies[role], body });
const postKey = (body: unknown, role: Role = "admin") =>
  call(keysRoute.POST, "/api/gateway/keys", { method: "POST", cookie: cookies[role], body });
const route = (
  name: string,
  targets = [{ providerId: openaiId, model: "gpt-4o-mini" }],
  environment = "development",
) => ({
  name,
  environment,
  targets,
});

describe("routes", () => {
  test.each([
    [{ name: "has space" }, "name", "must be letters, digits"],
    [{ name: "a/b" }, "name", "(no spaces or '/')"],
    [{ name: "" }, "name", "is required"],
    [{ environment: "prod" }, "environment", "must be one of development, staging, production"],
    [{ targets: [] }, "targets", "must hold at least one target"],
    [
      { targets: Array.from({ length: 6 }, (_, i) => ({ providerId: "p", model: `m${i}` })) },
      "targets",
      "may hold at most 5 targets",
    ],
    [
      {
        targets: [
          { providerId: "x", model: "m" },
          { providerId: "x", model: "m" },
        ],
      },
      "targets.1",
      "is listed twice",
    ],
    [{ targets: [{ providerId: "nope", model: "m" }] }, "targets.0.providerId", "names no provider"],
  ])("%j is refused naming %s, and nothing is written", async (overrides, path, message) => {
    const before = await getDb().route.count();
    const res = await postRoute({ ...route("ok"), ...overrides });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.details?.[0]?.path).toBe(path);
    expect(body.error.message).toContain(message);
    expect(await getDb().route.count()).toBe(before);
  });

  test("a target whose provider does not serve the route's environment is refused", async () => {
    const res = await postRoute(route("staging-only", [{ providerId: stagingOnlyId, model: "x" }]));
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.message).toMatch(/Staging vLLM, which does not serve development/);
  });

  test("admins create, edit (409 when stale) and delete; every role reads; the gateway follows at once", async () => {
    expect((await postRoute(route("fast"), "member")).status).toBe(403);
    expect((await postRoute(route("fast"), "viewer")).status).toBe(403);
    const created = await postRoute(route("fast"));
    expect(created.status).toBe(201);
    const { route: view } = (await created.json()) as { route: RouteView };
    expect(view).toMatchObject({ name: "fast", environment: "development", version: 1 });
    expect(view.targets).toEqual([{ providerId: openaiId, model: "gpt-4o-mini", providerName: "Sim OpenAI" }]);

    expect((await postRoute(route("fast"))).status).toBe(409);
    expect((await postRoute(route("fast", undefined, "staging"), "admin")).status).toBe(400); // Sim OpenAI serves development only

    const list = await call(routesRoute.GET, "/api/gateway/routes", { cookie: cookies.viewer });
    expect(((await list.json()) as { routes: RouteView[] }).routes.map((r) => r.name)).toContain("fast");

    const { secret } = (await (await postKey({ name: "app", environment: "development" })).json()) as {
      secret: string;
    };
    const openai = new OpenAI({ baseURL: gw.baseURL, apiKey: secret, maxRetries: 0 });
    const target = async () =>
      (
        await openai.chat.completions
          .create({ model: "fast", messages: [{ role: "user", content: "hi" }] })
          .withResponse()
      ).response.headers.get("x-switchyard-target");
    expect(await target()).toBe("Sim OpenAI/gpt-4o-mini");

    const put = (version: number) =>
      call(routeRoute.PUT, `/api/gateway/routes/${view.id}`, {
        method: "PUT",
        cookie: cookies.admin,
        params: { id: view.id },
        body: { ...route("fast", [{ providerId: ollamaId, model: "llama3.1:8b" }]), version },
      });
    const edited = await put(1);
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as { route: RouteView }).route.version).toBe(2);
    expect(await target(), "the edit reached the gateway at once").toBe("Sim Ollama/llama3.1:8b");
    const stale = await put(1);
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as ErrorBody).error.message).toMatch(/changed by someone else/);

    const del = await call(routeRoute.DELETE, `/api/gateway/routes/${view.id}`, {
      method: "DELETE",
      cookie: cookies.admin,
      params: { id: view.id },
    });
    expect(del.status).toBe(204);
    expect(
      (await call(routeRoute.GET, `/api/gateway/routes/${view.id}`, { cookie: cookies.admin, params: { id: view.id } }))
        .status,
    ).toBe(404);
    await expect(target()).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe("keys", () => {
  test.each([
    [{ name: "" }, "name", "is required"],
    [{ rpm: 0 }, "rpm", "must be between 1 and 1000000"],
    [{ rpm: 1.5 }, "rpm", "must be a whole number"],
    [{ environment: "qa" }, "environment", "must be one of"],
    [{ expiresAt: "tomorrow" }, "expiresAt", "must be an ISO date and time"],
    [{ expiresAt: "2020-01-01T00:00:00Z" }, "expiresAt", "must be in the future"],
    [{ routes: ["bad name"] }, "routes.0", "must be letters, digits"],
  ])("%j is refused naming %s, and nothing is written", async (overrides, path, message) => {
    const before = await getDb().gatewayKey.count();
    const res = await postKey({ name: "k", ...overrides });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.details?.[0]?.path).toBe(path);
    expect(body.error.message).toContain(message);
    expect(await getDb().gatewayKey.count()).toBe(before);
  });

  test("the secret is shown once and stored only as a hash; lists show the prefix; admins only", async () => {
    expect((await postKey({ name: "x" }, "member")).status).toBe(403);
    const res = await postKey({ name: "CI app", routes: ["default"], rpm: 60 });
    expect(res.status).toBe(201);
    const { key, secret } = (await res.json()) as { key: GatewayKeyView; secret: string };
    expect(secret).toMatch(/^sy-[A-Za-z0-9_-]{32}$/);
    expect(key).toMatchObject({
      name: "CI app",
      environment: "development",
      routes: ["default"],
      rpm: 60,
      revokedAt: null,
    });
    expect(secret.startsWith(key.prefix)).toBe(true);
    expect(JSON.stringify(key)).not.toContain(secret);

    const row = await getDb().gatewayKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);

    const list = await call(keysRoute.GET, "/api/gateway/keys", { cookie: cookies.admin });
    const text = await list.text();
    expect(text).not.toContain(secret);
    expect(text).not.toContain(row.hash);
    expect(text).toContain(key.prefix);
    expect((await call(keysRoute.GET, "/api/gateway/keys", { cookie: cookies.member })).status).toBe(403);
  });

  test("revoking is refused at once by the gateway; twice is a 409; an expired key is refused too", async () => {
    const { key, secret } = (await (await postKey({ name: "short-lived" })).json()) as {
      key: GatewayKeyView;
      secret: string;
    };
    const openai = new OpenAI({ baseURL: gw.baseURL, apiKey: secret, maxRetries: 0 });
    await openai.models.list();
    const revoke = () =>
      call(keyRoute.DELETE, `/api/gateway/keys/${key.id}`, {
        method: "DELETE",
        cookie: cookies.admin,
        params: { id: key.id },
      });
    const res = await revoke();
    expect(res.status).toBe(200);
    expect(((await res.json()) as { key: GatewayKeyView }).key.revokedAt).not.toBeNull();
    await expect(openai.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    expect((await revoke()).status).toBe(409);

    const other = (await (await postKey({ name: "expiring" })).json()) as { key: GatewayKeyView; secret: string };
    await getDb().gatewayKey.update({ where: { id: other.key.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    invalidateGatewayConfig();
    const expired = new OpenAI({ baseURL: gw.baseURL, apiKey: other.secret, maxRetries: 0 });
    await expect(expired.models.list()).rejects.toThrow(/has expired/);
  });

  test("a key without an environment is bound to ENVIRONMENT's", async () => {
    const res = await postKey({ name: "default env" });
    expect(((await res.json()) as { key: GatewayKeyView }).key.environment).toBe("development");
  });
});
