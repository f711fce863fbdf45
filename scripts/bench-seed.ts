/**
 * Shared by the bench sections that need providers in a test database (dashboard, usage):
 * `count` Ollama-shaped providers on unused local ports, created through the same service
 * the API uses.
 */
export async function seedBenchProviders(count: number): Promise<string[]> {
  const { providerFieldsSchema } = await import("../lib/schemas/providers");
  const { createProvider } = await import("../lib/server/providers/service");
  const ids: string[] = [];
  for (let p = 0; p < count; p++) {
    const fields = providerFieldsSchema.parse({
      name: `Bench ${p}`,
      kind: "ollama",
      baseUrl: `http://127.0.0.1:${20000 + p}/v1`,
      defaultModel: "model-0",
      timeoutMs: 30_000,
      maxRetries: 0,
      concurrency: 1,
      environments: ["development"],
    });
    ids.push((await createProvider(fields, null)).provider.id);
  }
  return ids;
}
