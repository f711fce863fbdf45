/** Shorthands for writing profile rules declaratively. */
import type { FeatureRule, HonouredRule, IgnoredRule, ModelSpec, RefusedRule } from "../types";

/** Applied as OpenAI documents it. */
export const honoured: HonouredRule = { kind: "honoured" };

/** HTTP 200, field silently dropped. */
export const ignored: IgnoredRule = { kind: "ignored" };

/** Refused with `status` and `message` (`{model}` is replaced by the model id). */
export function refused(
  status: number,
  message: string,
  extra: Omit<RefusedRule, "kind" | "status" | "message"> = {},
): RefusedRule {
  return { kind: "refused", status, message, ...extra };
}

/** The same rule for several features. */
export function sameRule<K extends string>(keys: readonly K[], rule: FeatureRule): Record<K, FeatureRule> {
  return Object.fromEntries(keys.map((key) => [key, rule])) as Record<K, FeatureRule>;
}

/** Every `tool_choice` form, for servers that treat them alike. */
export const TOOL_CHOICE_FEATURES = [
  "tool_choice_auto",
  "tool_choice_required",
  "tool_choice_none",
  "tool_choice_function",
] as const;

/** A fixed `created` timestamp for model listings (2025-06-01). */
export const MODEL_CREATED = 1_748_736_000;

/** Capability words as Ollama's `/api/show` and `/api/tags` spell them. */
export function ollamaCapabilities(model: ModelSpec): string[] {
  if (model.kind === "embedding") return ["embedding"];
  const out = ["completion"];
  if (model.tools) out.push("tools");
  if (model.vision) out.push("vision");
  if (model.reasoning) out.push("thinking");
  return out;
}
