/**
 * Provider kinds and their presets, read from the kind registry (`lib/providers/kinds/`, one
 * entry per kind). Isomorphic: the form pre-fills from these. Server-only adjustments (the
 * OpenAI key from OPENAI_API_KEY, a compose service's host) live in lib/server/providers/presets.ts.
 */
import type { Preset as KindPresetShape } from "./kinds/define";
import { PRESETS, PROVIDER_KINDS, type ProviderKind } from "./kinds";

export { PRESETS, PROVIDER_KINDS, type ProviderKind };

/** The default configuration of one kind. */
export type Preset = KindPresetShape<ProviderKind>;

/** Advice (not an error) about a base URL for a kind: e.g. the missing /v1 of a preset. */
export function baseUrlHints(kind: ProviderKind, baseUrl: string): string[] {
  const hints: string[] = [];
  const preset = PRESETS[kind];
  let path = "";
  try {
    path = new URL(baseUrl).pathname.replace(/\/+$/, "");
  } catch {
    return hints;
  }
  if (preset.expectsV1 && !path.endsWith("/v1")) {
    hints.push(
      `${preset.label} serves its OpenAI-compatible API under /v1 (e.g. ${preset.baseUrl}); this base URL does not end in /v1.`,
    );
  }
  return hints;
}
