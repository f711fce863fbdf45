import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { getDb } from "@/lib/server/db";
import { createTestDatabase } from "@/lib/testing/test-database";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
  // Read by getEnv() on first use, which is after this point.
  vi.stubEnv("OLLAMA_HOST", "127.0.0.1:11434");
  vi.stubEnv("VLLM_URL", "http://gpu-box.internal:8000/");
  vi.stubEnv("OPENAI_API_KEY", "sk-seeded-from-env-0000111122223333");
  vi.stubEnv("KOBOLDCPP_URL", "http://127.0.0.1:5001");
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await getDb().$disconnect();
  await db.drop();
});

test("providers are seeded from env vars once per database", async () => {
  const { seedProvidersFromEnv, toBaseUrl } = await import("./seed");
  expect(toBaseUrl("127.0.0.1:11434")).toBe("http://127.0.0.1:11434/v1");
  expect(await seedProvidersFromEnv()).toEqual(["OpenAI", "Ollama", "vLLM", "KoboldCpp"]);
  const rows = await getDb().provider.findMany({ orderBy: { name: "asc" } });
  expect(rows.map((r) => [r.name, r.kind, r.baseUrl])).toEqual([
    ["KoboldCpp", "koboldcpp", "http://127.0.0.1:5001/v1"],
    ["Ollama", "ollama", "http://127.0.0.1:11434/v1"],
    ["OpenAI", "openai", "https://api.openai.com/v1"],
    ["vLLM", "vllm", "http://gpu-box.internal:8000/v1"],
  ]);
  expect(rows.find((r) => r.name === "OpenAI")!.apiKeyHint).toBe("sk-…3333");

  // Deleted in the UI: a restart does not bring it back.
  await getDb().provider.delete({ where: { name: "vLLM" } });
  expect(await seedProvidersFromEnv()).toEqual([]);
  expect(await getDb().provider.count()).toBe(3);
});
