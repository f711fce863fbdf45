import net from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AppError } from "@/lib/errors";
import { type CreateProviderBody, providerFieldsSchema } from "@/lib/schemas/providers";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { getDb } from "@/lib/server/db";
import { createTestDatabase } from "@/lib/testing/test-database";
import { refreshProviderModels, testProviderConnection } from "./connection";
import { createProvider, listProviderModels, updateProvider } from "./service";

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
  ids.ollama = await add("c ollama", { defaultModel: "llama3.1:8b" });
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
