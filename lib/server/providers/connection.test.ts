import net from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AppError } from "@/lib/errors";
import { type CreateProviderBody, providerFieldsSchema } from "@/lib/schemas/providers";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { getDb } from "@/lib/server/db";
import { createTestDatabase } from "@/lib/testing/test-database";
import { refreshProviderModels, resolveDefaultProvider, testProviderConnection } from "./connection";
import { setEnvironmentDefaults } from "./environments";
import { createProvider, listProviderModels, setProviderEnabled, updateProvider } from "./service";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let sim: RunningSimulator;
let closedUrl: string;
const ids: Record<string, string> = {};

async function add(name: string, overrides: Partial<CreateProviderBody>): Promise<string> {
  const fields = providerFieldsSchema.parse({
    name,
    kind: "ollama",
    baseUrl: `${sim.url}/ollama/v1`,
    timeoutMs: 5000,
    maxRetries: 0,
    environments: ["development"],
    concurrency: 1,
    ...overrides,
  });
  return (await createProvider(fields, null)).provider.id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  sim = await startSimulator({ port: 0 });
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  closedUrl = `http://127.0.0.1:${(closed.address() as net.AddressInfo).port}/v1`;
  await new Promise((resolve) => closed.close(resolve));
  ids.down = await add("a ollama (down)", { baseUrl: closedUrl });
  ids.lmstudio = await add("b lmstudio", { kind: "lmstudio", baseUrl: `${sim.url}/lmstudio/v1` });
  ids.ollama = await add("c ollama", { defaultModel: "llama3.1:8b" });
  ids.openai = await add("d openai", {
    kind: "openai",
    baseUrl: `${sim.url}/openai/v1`,
    defaultModel: "gpt-4o-mini",
    environments: ["development", "staging", "production"],
  });
  ids.prod = await add("e vllm (prod, down)", { kind: "vllm", baseUrl: closedUrl, environments: ["production"] });
  ids.auth = await add("f ollama (auth)", { baseUrl: `${sim.url}/ollama+auth/v1`, apiKey: "sk-wrong-PLANTED-1234" });
});
afterAll(async () => {
  await sim.stop();
  await getDb().$disconnect();
  await db.drop();
});

describe("testProviderConnection / refreshProviderModels", () => {
  test("tests a stored provider with its decrypted key; an unknown id is not_found", async () => {
    expect(await testProviderConnection(ids.ollama!)).toMatchObject({ outcome: "reachable", modelCount: 4 });
    const denied = await testProviderConnection(ids.auth!);
    expect(denied).toMatchObject({ outcome: "auth_failed", status: 401 });
    expect(JSON.stringify(denied)).not.toContain("PLANTED");
    await expect(testProviderConnection("nope")).rejects.toMatchObject({ code: "not_found" });
  });

  test("refresh stores the models with declared capabilities and returns the stored list", async () => {
    expect(await listProviderModels(ids.ollama!)).toEqual([]);
    const models = await refreshProviderModels(ids.ollama!);
    expect(models).toHaveLength(4);
    expect(models.find((m) => m.modelId === "llava:7b")).toEqual({
      modelId: "llava:7b",
      type: "chat",
      declared: ["completion", "vision"],
      source: "ollama /api/show",
    });
    expect(await listProviderModels(ids.ollama!)).toEqual(models);
  });

  test("a failing server is a provider_error (502) with its status; the stored list is kept", async () => {
    const err = await refreshProviderModels(ids.auth!).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "provider_error", details: { kind: "http", upstreamStatus: 401 } });
    expect((err as Error).message).toContain("Could not read the models of f ollama (auth)");
    expect((err as Error).message).not.toContain("PLANTED");

    // A server that answered once and is down now: the last stored list stays.
    const id = await add("g lmstudio (goes down)", { kind: "lmstudio", baseUrl: `${sim.url}/lmstudio/v1` });
    expect(await refreshProviderModels(id)).toHaveLength(3);
    const edit = {
      name: "g lmstudio (goes down)",
      kind: "lmstudio",
      baseUrl: closedUrl,
      // Another host: the stored key must be given again (it is not carried along unseen).
      apiKey: "lm-studio",
      timeoutMs: 5000,
      maxRetries: 0,
    };
    const fields = providerFieldsSchema.parse({ ...edit, environments: ["development"], concurrency: 1 });
    await updateProvider(id, { ...fields, version: 1 });
    await expect(refreshProviderModels(id)).rejects.toMatchObject({
      code: "provider_error",
      details: { kind: "refused" },
    });
    expect(await listProviderModels(id)).toHaveLength(3);
  });
});

describe("resolveDefaultProvider", () => {
  test("development without a mapping: the first reachable local provider by name", async () => {
    const choice = await resolveDefaultProvider();
    expect(choice).toMatchObject({ reason: "reachable_local", provider: { id: ids.lmstudio } });
  });

  test("development: the configured mapping when reachable, else auto-select", async () => {
    await setEnvironmentDefaults([{ environment: "development", providerId: ids.ollama!, model: "gemma:2b" }]);
    expect(await resolveDefaultProvider("development")).toMatchObject({
      reason: "configured",
      provider: { id: ids.ollama, apiKey: "ollama" },
      model: "gemma:2b",
    });
    await setEnvironmentDefaults([{ environment: "development", providerId: ids.down!, model: null }]);
    expect(await resolveDefaultProvider("development")).toMatchObject({
      reason: "reachable_local",
      provider: { id: ids.lmstudio },
    });
  });

  test("production and staging use the configured mapping only, reachable or not", async () => {
    await expect(resolveDefaultProvider("production")).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringContaining("No default provider is configured for production"),
    });
    await setEnvironmentDefaults([
      { environment: "production", providerId: ids.prod!, model: "Qwen/Qwen2.5-VL-7B-Instruct" },
    ]);
    expect(await resolveDefaultProvider("production")).toMatchObject({
      reason: "configured",
      provider: { id: ids.prod },
      model: "Qwen/Qwen2.5-VL-7B-Instruct",
    });
    await setEnvironmentDefaults([{ environment: "staging", providerId: ids.openai!, model: null }]);
    expect(await resolveDefaultProvider("staging")).toMatchObject({
      provider: { id: ids.openai },
      model: "gpt-4o-mini",
    });
  });

  test("a disabled mapped provider: an error in staging, skipped in development; no local → the cloud one", async () => {
    await setProviderEnabled(ids.openai!, false, 1);
    await expect(resolveDefaultProvider("staging")).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringContaining("d openai, is disabled"),
    });
    await setProviderEnabled(ids.openai!, true, 2);
    await setProviderEnabled(ids.lmstudio!, false, 1);
    await setProviderEnabled(ids.ollama!, false, 1);
    await setProviderEnabled(ids.auth!, false, 1);
    expect(await resolveDefaultProvider("development")).toMatchObject({
      reason: "cloud",
      provider: { id: ids.openai },
    });
    await setProviderEnabled(ids.openai!, false, 3);
    await expect(resolveDefaultProvider("development")).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringContaining("No local provider serving development is reachable"),
    });
  });
});
