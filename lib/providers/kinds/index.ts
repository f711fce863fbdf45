/**
 * The registry of provider kinds, client-safe half: one entry per kind, in display order (the
 * preset picker, the matrix filter, seeding order). The server half is `index.server.ts`.
 * Adding a kind: README, "Adding a provider kind".
 */
import { customPreset } from "./custom";
import type { Preset } from "./define";
import { koboldcppPreset } from "./koboldcpp";
import { llamacppPreset } from "./llamacpp";
import { lmstudioPreset } from "./lmstudio";
import { localaiPreset } from "./localai";
import { ollamaPreset } from "./ollama";
import { openaiPreset } from "./openai";
import { vllmPreset } from "./vllm";

/** Every kind's client-safe half; `custom` stays last (the catch-all). */
export const KIND_PRESETS = [
  openaiPreset,
  ollamaPreset,
  lmstudioPreset,
  vllmPreset,
  localaiPreset,
  llamacppPreset,
  koboldcppPreset,
  customPreset,
] as const;

/** One provider kind: `openai`, `ollama`, …, `custom`. */
export type ProviderKind = (typeof KIND_PRESETS)[number]["preset"]["kind"];

/** The kinds in display order, as a tuple (zod's `z.enum` takes it). */
export const PROVIDER_KINDS = KIND_PRESETS.map((k) => k.preset.kind) as unknown as readonly [
  ProviderKind,
  ...ProviderKind[],
];

/** Each kind's preset, by kind. */
export const PRESETS = Object.fromEntries(KIND_PRESETS.map((k) => [k.preset.kind, k.preset])) as Record<
  ProviderKind,
  Preset<ProviderKind>
>;
