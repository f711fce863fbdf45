import "server-only";
import { AppError } from "@/lib/errors";
import type { FeatureView } from "@/lib/schemas/probes";
import { chatProbe } from "./features/chat";
import { completionsProbe } from "./features/completions";
import { embeddingsProbe } from "./features/embeddings";
import { jsonModeProbe } from "./features/json-mode";
import { logprobsProbe } from "./features/logprobs";
import { maxTokensProbe } from "./features/max-tokens";
import { modelsProbe } from "./features/models";
import { nProbe } from "./features/n";
import { parallelToolCallsProbe } from "./features/parallel-tool-calls";
import { responsesProbe, responsesStreamingProbe, responsesToolsProbe } from "./features/responses";
import { seedProbe } from "./features/seed";
import { stopProbe } from "./features/stop";
import { streamUsageProbe } from "./features/stream-usage";
import { streamingProbe } from "./features/streaming";
import { structuredOutputProbe } from "./features/structured-output";
import { toolChoiceProbe } from "./features/tool-choice";
import { toolsProbe } from "./features/tools";
import { toolsStreamingProbe } from "./features/tools-streaming";
import { visionProbe } from "./features/vision";
import type { Probe } from "./types";

/**
 * Every probe, in matrix order. Adding a feature is one file in features/ plus one line
 * here; the API, the runner, the CLI and the matrix all read this list.
 */
export const PROBES: readonly Probe[] = [
  modelsProbe,
  chatProbe,
  streamingProbe,
  streamUsageProbe,
  completionsProbe,
  jsonModeProbe,
  structuredOutputProbe,
  toolsProbe,
  toolChoiceProbe,
  parallelToolCallsProbe,
  toolsStreamingProbe,
  visionProbe,
  embeddingsProbe,
  logprobsProbe,
  stopProbe,
  maxTokensProbe,
  seedProbe,
  nProbe,
  responsesProbe,
  responsesStreamingProbe,
  responsesToolsProbe,
];

/** Every feature name, in matrix order. */
export const FEATURES: readonly string[] = PROBES.map((p) => p.feature);

/** The catalogue for the UI (no code, just names, titles and groups). */
export function listFeatures(): FeatureView[] {
  return PROBES.map(({ feature, title, group, description }) => ({ feature, title, group, description }));
}

/**
 * The probes for `features` (all when undefined), in matrix order. Unknown names are a
 * validation error listing the known ones.
 */
export function selectProbes(features?: readonly string[]): Probe[] {
  if (!features) return [...PROBES];
  const unknown = features.filter((f) => !FEATURES.includes(f));
  if (unknown.length > 0) {
    throw new AppError(
      "validation_failed",
      `Unknown feature(s): ${unknown.join(", ")}. Known features: ${FEATURES.join(", ")}.`,
      unknown.map((f) => ({ path: "features", message: `${f} is not a known feature` })),
    );
  }
  return PROBES.filter((p) => features.includes(p.feature));
}
