import "server-only";
import type { ProviderKind } from "./index";
import { customKind } from "./custom.server";
import type { Identify, Kind } from "./define.server";
import { koboldcppKind } from "./koboldcpp.server";
import { llamacppKind } from "./llamacpp.server";
import { lmstudioKind } from "./lmstudio.server";
import { localaiKind } from "./localai.server";
import { ollamaKind } from "./ollama.server";
import { openaiKind } from "./openai.server";
import { vllmKind } from "./vllm.server";

/**
 * The registry of provider kinds, server half: one entry per kind (`defineKind`), which
 * presets, seeding, discovery, version reads, declared capabilities and the probe runner's
 * capacity iterate. `satisfies` makes a kind missing here a type error.
 */
export const KINDS = {
  openai: openaiKind,
  ollama: ollamaKind,
  lmstudio: lmstudioKind,
  vllm: vllmKind,
  localai: localaiKind,
  llamacpp: llamacppKind,
  koboldcpp: koboldcppKind,
  custom: customKind,
} satisfies Record<ProviderKind, Kind<ProviderKind>>;

/** The server half of `kind`. */
export function kindOf(kind: ProviderKind): Kind<ProviderKind> {
  return KINDS[kind];
}

/** The kinds discovery can recognise, most specific first. */
export const IDENTIFIABLE_KINDS: { kind: ProviderKind; identify: Identify }[] = Object.values(KINDS)
  .flatMap((k): { kind: ProviderKind; identify: Identify }[] =>
    k.identify ? [{ kind: k.preset.kind, identify: k.identify }] : [],
  )
  .sort((a, b) => a.identify.rank - b.identify.rank);
