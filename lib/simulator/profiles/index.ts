/** The registry of simulated servers: one entry per profile, in display order. */
import type { ProfileSpec } from "../types";
import { koboldcppProfile } from "./koboldcpp";
import { llamacppEmbeddingsProfile, llamacppNoJinjaProfile, llamacppProfile } from "./llamacpp";
import { lmstudioProfile } from "./lmstudio";
import { localaiProfile } from "./localai";
import { ollamaProfile } from "./ollama";
import { openaiProfile } from "./openai";
import { vllmBaseProfile, vllmNoAutoToolsProfile, vllmProfile } from "./vllm";

/** Every profile the simulator serves, keyed by its path segment. */
export const PROFILES: readonly ProfileSpec[] = [
  openaiProfile,
  ollamaProfile,
  lmstudioProfile,
  vllmProfile,
  vllmNoAutoToolsProfile,
  vllmBaseProfile,
  localaiProfile,
  llamacppProfile,
  llamacppNoJinjaProfile,
  llamacppEmbeddingsProfile,
  koboldcppProfile,
];

/** The profile served under `name`, if any. */
export function findProfile(name: string): ProfileSpec | undefined {
  return PROFILES.find((profile) => profile.name === name);
}
