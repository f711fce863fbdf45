import { describe, expect, test } from "vitest";
import type { Role } from "@/lib/auth/roles";
import type { CreateProviderBody } from "@/lib/schemas/providers";
import { getDb } from "@/lib/server/db";
import { call } from "@/lib/testing/http";
import * as environmentsRoute from "../environments/route";
import * as duplicateRoute from "./[id]/duplicate/route";
import * as providerRoute from "./[id]/route";
import * as presetsRoute from "./presets/route";
import * as providersRoute from "./route";
import { setUpTestDatabase } from "../test-support";

const { cookies } = setUpTestDatabase({ signIn: true });

/** A key no real response would contain by accident. */
const PLANTED_KEY = "sk-PLANTED-7f3c9e1d5b2a4c6e8f0a1b3d5e7f9a2c";
const PLANTED_HEADER = "hdr-PLANTED-0d9c8b7a6f5e4d3c2b1a";

function body(overrides: Partial<CreateProviderBody> = {}): CreateProviderBody {
  return {
    name: "Local Ollama",
    kind: "ollama",
    baseUrl: "http://localhost:11434/v1/",
    apiKey: PLANTED_KEY,
    defaultModel: "llama3.1",
    timeoutMs: 30_000,
    maxRetries: 2,
    headers: [{ name: "X-Team-Token", value: PLANTED_HEADER }],
    environments: ["development"],
    concurrency: 1,
    enabled: true,
    ...overrides,
  };
}

async function create(overrides: Partial<CreateProviderBody> = {}, role: Role = "admin") {
  return call(providersRoute.POST, "/api/providers", { method: "POST", cookie: cookies[role], body: body(overrides) });
}

describe("validation: each rule names the field, and nothing is written", () => {
  test.each([
    [{ name: "" }, "name", "is required"],
    [{ kind: "kobold" as never }, "kind", "must be one of openai, ollama"],
    [{ baseUrl: "ftp://files.example/v1" }, "baseUrl", "must use http or https"],
    [{ baseUrl: "localhost:11434" }, "baseUrl", "must use http or https"],
    [{ baseUrl: "not a url" }, "baseUrl", "must be a full URL"],
    [{ baseUrl: "http://user:pw@localhost:11434/v1" }, "baseUrl", "must not contain credentials"],
    [{ timeoutMs: 999 }, "timeoutMs", "must be at least 1000 ms"],
    [{ timeoutMs: 600_001 }, "timeoutMs", "must be at most 600000 ms"],
    [{ maxRetries: -1 }, "maxRetries", "must be 0 or more"],
    [{ maxRetries: 11 }, "maxRetries", "must be at most 10"],
    [{ headers: [{ name: "Bad Header", value: "x" }] }, "headers.0.name", "must be a valid HTTP header name"],
    [
      { headers: [{ name: "Authorization", value: "Bearer x" }] },
      "headers.0.name",
      "Authorization is set from the API key",
    ],
    [
      { headers: [{ name: "content-type", value: "text/plain" }] },
      "headers.0.name",
      "content-type is set by Switchyard",
    ],
    [{ headers: [{ name: "X-Token" }] }, "headers.0.value", "is required for a new header"],
    [{ proxyUrl: "socks5://proxy:1080" }, "proxyUrl", "must use http or https"],
    [{ environments: [] }, "environments", "must include at least one environment"],
    [{ concurrency: 0 }, "concurrency", "must be at least 1"],
    [{ baseUrl: "http://169.254.169.254/latest" }, "baseUrl", "link-local or cloud-metadata"],
    [{ baseUrl: "http://metadata.google.internal/v1" }, "baseUrl", "link-local or cloud-metadata"],
    [{ baseUrl: "http://[fd00:ec2::254]/v1" }, "baseUrl", "link-local or cloud-metadata"],
    [{ baseUrl: "http://[::ffff:169.254.169.254]/v1" }, "baseUrl", "link-local or cloud-metadata"],
  ])("%o → %s %s", async (overrides, path, message) => {
    const res = await create(overrides);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    const detail = (error.details as { path: string; message: string }[]).find((d) => d.path === path);
    expect(error.message + JSON.stringify(detail)).toContain(message);
    expect(await getDb().provider.count()).toBe(0);
  });

  test("bodies over the size limit get 413", async () => {
    const res = await create({ name: "x".repeat(70_000) });
    expect(res.status).toBe(413);
    expect(await getDb().provider.count()).toBe(0);
  });
});

describe("providers API", () => {
  let id = "";
  let version = 0;

  test("an admin creates a provider; the URL is normalised and a missing /v1 earns a hint", async () => {
    const res = await create();
    expect(res.status).toBe(201);
    const { provider, hints } = await res.json();
    expect(provider).toMatchObject({
      name: "Local Ollama",
      baseUrl: "http://localhost:11434/v1",
      apiKey: { set: true, hint: "sk-…9a2c" },
      headers: [{ name: "X-Team-Token", set: true }],
      version: 1,
    });
    expect(hints).toEqual([]);
    id = provider.id;
    version = provider.version;

    const noV1 = await create({ name: "Ollama without v1", baseUrl: "http://localhost:11434" });
    expect((await noV1.json()).hints).toEqual([expect.stringContaining("does not end in /v1")]);
  });

  test("secrets are encrypted at rest: the row holds no plaintext", async () => {
    const row = await getDb().provider.findUniqueOrThrow({ where: { id } });
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(PLANTED_KEY);
    expect(stored).not.toContain(PLANTED_HEADER);
    expect(row.apiKeyCipher).toMatch(/^v1\./);
  });

  test("a duplicate name gets 409 naming the name", async () => {
    const res = await create();
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toContain('"Local Ollama" already exists');
  });

  test("saving without retyping the key keeps it; a stale version gets 409; clear key removes it", async () => {
    const edit = { ...body({ timeoutMs: 45_000, apiKey: "", headers: [{ name: "X-Team-Token" }] }), version };
    const res = await call(providerRoute.PUT, `/api/providers/${id}`, {
      method: "PUT",
      cookie: cookies.admin,
      params: { id },
      body: edit,
    });
    expect(res.status).toBe(200);
    const saved = (await res.json()).provider;
    expect(saved).toMatchObject({ timeoutMs: 45_000, apiKey: { set: true, hint: "sk-…9a2c" }, version: version + 1 });
    expect(saved.headers).toEqual([{ name: "X-Team-Token", set: true, hint: "hdr-…2b1a" }]);

    const stale = await call(providerRoute.PUT, `/api/providers/${id}`, {
      method: "PUT",
      cookie: cookies.admin,
      params: { id },
      body: edit,
    });
    expect(stale.status).toBe(409);
    const staleBody = (await stale.json()).error;
    expect(staleBody.message).toContain("changed by someone else since you opened it");
    expect(staleBody.details).toEqual({ reason: "stale", currentVersion: version + 1 });

    const cleared = await call(providerRoute.PUT, `/api/providers/${id}`, {
      method: "PUT",
      cookie: cookies.admin,
      params: { id },
      body: { ...edit, clearApiKey: true, version: version + 1 },
    });
    expect((await cleared.json()).provider.apiKey).toEqual({ set: false, hint: null });
    const restored = await call(providerRoute.PUT, `/api/providers/${id}`, {
      method: "PUT",
      cookie: cookies.admin,
      params: { id },
      body: { ...edit, apiKey: PLANTED_KEY, version: version + 2 },
    });
    version = (await restored.json()).provider.version;
    expect(version).toBe(4);
  });

  test("enable/disable, duplicate and delete", async () => {
    const off = await call(providerRoute.PATCH, `/api/providers/${id}`, {
      method: "PATCH",
      cookie: cookies.admin,
      params: { id },
      body: { enabled: false, version },
    });
    expect((await off.json()).provider).toMatchObject({ enabled: false, version: version + 1 });
    version += 1;
    const dup = await call(duplicateRoute.POST, `/api/providers/${id}/duplicate`, {
      method: "POST",
      cookie: cookies.admin,
      params: { id },
    });
    expect(dup.status).toBe(201);
    const copy = (await dup.json()).provider;
    // A copy is enabled only if the original is (this one was just disabled).
    expect(copy).toMatchObject({ name: "Local Ollama (copy)", apiKey: { set: true }, enabled: false });
    const on = await call(providerRoute.PATCH, `/api/providers/${id}`, {
      method: "PATCH",
      cookie: cookies.admin,
      params: { id },
      body: { enabled: true, version },
    });
    version = (await on.json()).provider.version;
    const enabledCopy = await call(duplicateRoute.POST, `/api/providers/${id}/duplicate`, {
      method: "POST",
      cookie: cookies.admin,
      params: { id },
    });
    expect((await enabledCopy.json()).provider).toMatchObject({ name: "Local Ollama (copy 2)", enabled: true });
    const del = await call(providerRoute.DELETE, `/api/providers/${copy.id}`, {
      method: "DELETE",
      cookie: cookies.admin,
      params: { id: copy.id },
    });
    expect(del.status).toBe(204);
    const gone = await call(providerRoute.GET, `/api/providers/${copy.id}`, {
      cookie: cookies.viewer,
      params: { id: copy.id },
    });
    expect(gone.status).toBe(404);
  });

  test("members and viewers read but cannot change providers (403), and nothing changes", async () => {
    for (const role of ["member", "viewer"] as const) {
      expect((await call(providersRoute.GET, "/api/providers", { cookie: cookies[role] })).status).toBe(200);
      expect((await create({ name: `by ${role}` }, role)).status).toBe(403);
      const put = await call(providerRoute.PUT, `/api/providers/${id}`, {
        method: "PUT",
        cookie: cookies[role],
        params: { id },
        body: { ...body(), version },
      });
      expect(put.status).toBe(403);
      const del = await call(providerRoute.DELETE, `/api/providers/${id}`, {
        method: "DELETE",
        cookie: cookies[role],
        params: { id },
      });
      expect(del.status).toBe(403);
    }
    expect(await getDb().provider.count({ where: { name: { startsWith: "by " } } })).toBe(0);
    expect((await call(providersRoute.GET, "/api/providers")).status).toBe(401);
  });

  test("environment defaults: saved per environment, refused for a provider that does not serve it", async () => {
    const bad = await call(environmentsRoute.PUT, "/api/environments", {
      method: "PUT",
      cookie: cookies.admin,
      body: { defaults: [{ environment: "production", providerId: id, model: "llama3.1" }] },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain("does not serve production");
    const ok = await call(environmentsRoute.PUT, "/api/environments", {
      method: "PUT",
      cookie: cookies.admin,
      body: { defaults: [{ environment: "development", providerId: id, model: "llama3.1" }] },
    });
    const { environments } = await ok.json();
    expect(environments.find((e: { environment: string }) => e.environment === "development")).toMatchObject({
      providerName: "Local Ollama",
      model: "llama3.1",
      active: true,
    });
    const viewer = await call(environmentsRoute.PUT, "/api/environments", {
      method: "PUT",
      cookie: cookies.viewer,
      body: { defaults: [] },
    });
    expect(viewer.status).toBe(403);
  });

  test("moving a provider to another host requires its secrets again", async () => {
    const moved = {
      ...body({ baseUrl: "http://evil.example:9000/v1", apiKey: "", headers: [{ name: "X-Team-Token" }] }),
      version,
    };
    const refused = await call(providerRoute.PUT, `/api/providers/${id}`, {
      method: "PUT",
      cookie: cookies.admin,
      params: { id },
      body: moved,
    });
    expect(refused.status).toBe(400);
    const { error } = await refused.json();
    expect(error.details.map((d: { path: string }) => d.path)).toEqual(["apiKey", "headers.0.value"]);
    const sameHostNewPath = { ...moved, baseUrl: "http://localhost:11434/api/v1" };
    const ok = await call(providerRoute.PUT, `/api/providers/${id}`, {
      method: "PUT",
      cookie: cookies.admin,
      params: { id },
      body: sameHostNewPath,
    });
    expect(ok.status).toBe(200);
    version = (await ok.json()).provider.version;
    const back = await call(providerRoute.PUT, `/api/providers/${id}`, {
      method: "PUT",
      cookie: cookies.admin,
      params: { id },
      body: { ...sameHostNewPath, baseUrl: "http://localhost:11434/v1", version },
    });
    version = (await back.json()).provider.version;
  });

  test("two saves from the same version at once: exactly one wins", async () => {
    const edit = (timeoutMs: number) =>
      call(providerRoute.PUT, `/api/providers/${id}`, {
        method: "PUT",
        cookie: cookies.admin,
        params: { id },
        body: { ...body({ apiKey: "", headers: [{ name: "X-Team-Token" }], timeoutMs }), version },
      });
    const statuses = (await Promise.all([edit(11_000), edit(12_000)])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    version += 1;
  });

  test("the planted key and header value appear in no provider API response", async () => {
    const current = await (
      await call(providerRoute.GET, `/api/providers/${id}`, { cookie: cookies.admin, params: { id } })
    ).json();
    expect(Object.keys(current.provider).sort()).toEqual([
      "apiKey",
      "baseUrl",
      "concurrency",
      "createdAt",
      "defaultModel",
      "embeddingModel",
      "enabled",
      "environments",
      "headers",
      "id",
      "kind",
      "maxRetries",
      "name",
      "proxyUrl",
      "timeoutMs",
      "updatedAt",
      "version",
    ]);
    expect(Object.keys(current.provider.apiKey).sort()).toEqual(["hint", "set"]);
    const created = await create({ name: "Fresh one" });
    expect(created.status).toBe(201);
    const updated = await call(providerRoute.PUT, `/api/providers/${id}`, {
      method: "PUT",
      cookie: cookies.admin,
      params: { id },
      body: { ...body(), version: current.provider.version },
    });
    expect(updated.status).toBe(200);
    const responses = await Promise.all([
      call(providersRoute.GET, "/api/providers", { cookie: cookies.admin }),
      call(providerRoute.GET, `/api/providers/${id}`, { cookie: cookies.admin, params: { id } }),
      call(presetsRoute.GET, "/api/providers/presets", { cookie: cookies.admin }),
      call(environmentsRoute.GET, "/api/environments", { cookie: cookies.admin }),
      create(),
      call(providerRoute.PUT, `/api/providers/${id}`, {
        method: "PUT",
        cookie: cookies.admin,
        params: { id },
        body: { ...body(), version: 1 },
      }),
      call(duplicateRoute.POST, `/api/providers/${id}/duplicate`, {
        method: "POST",
        cookie: cookies.admin,
        params: { id },
      }),
    ]);
    for (const res of [created, updated, ...responses]) {
      const text = await res.text();
      expect(text).not.toContain(PLANTED_KEY);
      expect(text).not.toContain(PLANTED_HEADER);
      expect(text).not.toContain("PLANTED");
    }
  });
});

describe("simulated providers", () => {
  test("one clearly labelled provider per simulator profile, pointing at the app's own /sim; a second call adds none", async () => {
    const { POST } = await import("./simulated/route");
    const res = await call(POST, "/api/providers/simulated", { method: "POST", cookie: cookies.admin });
    expect(res.status).toBe(201);
    const { created } = await res.json();
    expect(created.map((p: { name: string }) => p.name)).toEqual([
      "Simulated OpenAI",
      "Simulated Ollama",
      "Simulated LM Studio",
      "Simulated vLLM",
      "Simulated vLLM (no auto tool choice)",
      "Simulated LocalAI",
      "Simulated llama.cpp",
    ]);
    expect(created.find((p: { name: string }) => p.name === "Simulated Ollama")).toMatchObject({
      kind: "ollama",
      baseUrl: "http://localhost:3000/sim/ollama/v1",
      defaultModel: "llama3.1:8b",
    });
    const again = await (
      await call(POST, "/api/providers/simulated", { method: "POST", cookie: cookies.admin })
    ).json();
    expect(again.created).toEqual([]);
    expect(again.skipped).toHaveLength(7);
    expect((await call(POST, "/api/providers/simulated", { method: "POST", cookie: cookies.member })).status).toBe(403);
  });
});
