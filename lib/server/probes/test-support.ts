import type { ProviderKind } from "@/lib/providers/presets";
import { PROFILES } from "@/lib/simulator";
import type { ProbeProvider } from "./types";

/** Test helpers: the probes' view of one simulator profile, as "Add simulated providers" configures it. */

/** A key and a header value no response would contain by accident. */
export const PLANTED_KEY = "sk-PLANTED-3e8d1c0b9a7f6e5d4c3b2a1f0e9d8c7b";
export const PLANTED_HEADER = "hdr-PLANTED-5a4b3c2d1e0f9a8b7c6d";

/** The first chat model and the first embedding model of a profile. */
export function profileModels(profile: string): { chat: string; embedding: string | null } {
  const spec = PROFILES.find((p) => p.name === profile);
  if (!spec) throw new Error(`no profile ${profile}`);
  const chat = spec.models.find((m) => m.kind === "chat")?.id;
  if (!chat) throw new Error(`profile ${profile} has no chat model`);
  return { chat, embedding: spec.models.find((m) => m.kind === "embedding")?.id ?? null };
}

/** The provider at `${simUrl}/${path}/v1` (path: a profile, optionally with faults such as `ollama+hang`). */
export function simulatorProvider(simUrl: string, path: string, overrides: Partial<ProbeProvider> = {}): ProbeProvider {
  const profile = path.split("+")[0] ?? path;
  const spec = PROFILES.find((p) => p.name === profile);
  return {
    name: `Simulated ${profile}`,
    kind: (spec?.kind ?? "custom") as ProviderKind,
    baseUrl: `${simUrl}/${path}/v1`,
    apiKey: PLANTED_KEY,
    headers: { "X-Team-Token": PLANTED_HEADER },
    timeoutMs: 5000,
    maxRetries: 0,
    proxyUrl: null,
    concurrency: 4,
    embeddingModel: spec?.models.find((m) => m.kind === "embedding")?.id ?? null,
    ...overrides,
  };
}

/** Stores a provider for `${simUrl}/${path}/v1` (no retries, so faults surface); returns its id. */
export async function createSimulatedProvider(
  simUrl: string,
  path: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const { providerFieldsSchema } = await import("@/lib/schemas/providers");
  const { createProvider } = await import("@/lib/server/providers/service");
  const profile = path.split("+")[0] ?? path;
  const spec = PROFILES.find((p) => p.name === profile);
  const models = profileModels(profile);
  const fields = providerFieldsSchema.parse({
    name: `Sim ${path} ${Math.random().toString(36).slice(2, 7)}`,
    kind: spec?.kind ?? "custom",
    baseUrl: `${simUrl}/${path}/v1`,
    apiKey: PLANTED_KEY,
    headers: [{ name: "X-Team-Token", value: PLANTED_HEADER }],
    defaultModel: models.chat,
    embeddingModel: models.embedding,
    timeoutMs: 5000,
    maxRetries: 0,
    concurrency: 4,
    environments: ["development"],
    ...overrides,
  });
  return (await createProvider(fields, null)).provider.id;
}

/** Cancels and awaits every run executing in this process (before a test file drops its database). */
export async function settleActiveRuns(): Promise<void> {
  const { activeRuns } = await import("./execute");
  for (const run of activeRuns.values()) run.controller.abort();
  await Promise.all([...activeRuns.values()].map((r) => r.finished));
}

/** Parses a text/event-stream body into `{ event, data }` pairs. */
export function parseSse(text: string): { event: string; data: unknown }[] {
  return text
    .split("\n\n")
    .filter((block) => block.includes("data:"))
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? "null";
      return { event, data: JSON.parse(data) as unknown };
    });
}
