import "server-only";
import { getEnv } from "@/lib/env";
import { PRESETS } from "@/lib/providers/presets";
import { providerFieldsSchema, type ProviderView } from "@/lib/schemas/providers";
import { PROFILES } from "@/lib/simulator";
import { SIMULATOR_MOUNT, assertSimulatorOn } from "../simulator/mount";
import { createProvider, findProviderNamed } from "./service";

/**
 * The profiles the demo adds: one per server as people run it. The simulator's other
 * variants (llama.cpp with --embeddings or without --jinja, vLLM serving a base model) are for
 * tests and `npm run simulator`; add them by hand to see those cases.
 */
const DEMO_PROFILES = ["openai", "ollama", "lmstudio", "vllm", "vllm-no-auto-tools", "localai", "llamacpp"];

/**
 * The zero-install demo: one clearly labelled "Simulated <server>" provider per simulator
 * profile, pointing at the simulator this app serves itself. They are ordinary providers
 * (edit, probe, delete them like any other). Names that already exist are skipped.
 */
export async function addSimulatedProviders(
  createdById: string,
): Promise<{ created: ProviderView[]; skipped: string[] }> {
  assertSimulatorOn();
  const { appUrl } = getEnv();
  const created: ProviderView[] = [];
  const skipped: string[] = [];
  for (const profile of PROFILES.filter((p) => DEMO_PROFILES.includes(p.name))) {
    const name = `Simulated ${profile.label}`;
    if (await findProviderNamed(name)) {
      skipped.push(name);
      continue;
    }
    const chat = profile.models.find((m) => m.kind === "chat");
    const embedding = profile.models.find((m) => m.kind === "embedding");
    const fields = providerFieldsSchema.parse({
      name,
      kind: profile.kind,
      baseUrl: `${appUrl}${SIMULATOR_MOUNT}/${profile.name}/v1`,
      apiKey: "simulated",
      defaultModel: chat?.id,
      embeddingModel: embedding?.id,
      timeoutMs: 30_000,
      maxRetries: 1,
      concurrency: PRESETS[profile.kind].concurrency,
      environments: ["development"],
    });
    created.push((await createProvider(fields, createdById)).provider);
  }
  return { created, skipped };
}
