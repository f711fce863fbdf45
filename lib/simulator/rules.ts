/** Looking up what a profile (and model) does with a request feature. */
import { SimulatorHttpError, errorResponse, refusalError } from "./http";
import type { FeatureKey, FeatureRule, ModelSpec, ProfileSpec } from "./types";

const HONOURED: FeatureRule = { kind: "honoured" };

/** The rule for `key`: the model's override, else the profile's, else honoured. */
export function ruleFor(profile: ProfileSpec, model: ModelSpec, key: FeatureKey): FeatureRule {
  return model.features?.[key] ?? profile.features[key] ?? HONOURED;
}

/**
 * Applies a rule to a feature the request uses: throws its refusal, otherwise returns it
 * so the caller can drop (ignored) or damage (unenforced, garbled) the feature.
 */
export function applyRule(rule: FeatureRule, model: ModelSpec): FeatureRule {
  if (rule.kind === "refused") throw refusalError(rule, model.id);
  return rule;
}

/** Shorthand: the applied rule for a used feature. */
export function applyFeature(profile: ProfileSpec, model: ModelSpec, key: FeatureKey): FeatureRule {
  return applyRule(ruleFor(profile, model, key), model);
}

/** The model `requested` names on this profile, if it serves one by that name. */
export function findModel(profile: ProfileSpec, requested: string): ModelSpec | undefined {
  return profile.resolveModel ? profile.resolveModel(requested) : profile.models.find((m) => m.id === requested);
}

/** Finds the requested model or throws the server's own answer for an unknown model. */
export function resolveModel(profile: ProfileSpec, requested: string): ModelSpec {
  // llama-server serves its one model whatever the request names.
  if (profile.ignoresModelField && profile.models[0]) return profile.models[0];
  const model = findModel(profile, requested);
  if (model) return model;
  throw refusalError(profile.modelNotFoundRule(requested), requested);
}

/** Throws when a model is used on an endpoint of the wrong kind. */
export function checkModelKind(
  profile: ProfileSpec,
  model: ModelSpec,
  endpoint: "chat" | "completions" | "embeddings",
  requested = model.id,
): void {
  const fits =
    endpoint === "embeddings"
      ? model.kind === "embedding"
      : endpoint === "chat"
        ? model.kind === "chat"
        : model.kind === "completion" || (model.kind === "chat" && profile.chatModelsServeCompletions);
  if (fits) return;
  const rule = profile.wrongEndpointRule?.(endpoint);
  if (rule) throw refusalError(rule, model.id, requested);
  // The simulator's own wording: used only where no source for the server's text was found.
  const what = endpoint === "embeddings" ? "embeddings" : endpoint === "chat" ? "chat completions" : "text completions";
  throw new SimulatorHttpError(400, `${model.id} does not support ${what}`, { param: "model" });
}

/** The model a server-wide answer (busy, still loading, rate limited) names: the profile's first, else the profile. */
export function servedModelId(profile: ProfileSpec): string {
  return profile.models[0]?.id ?? profile.name;
}

/** An OpenAI 404 for a path the profile does not serve. */
export function notFoundResponse(method: string, path: string): Response {
  return errorResponse(404, `Invalid URL (${method} ${path})`, { type: "invalid_request_error" });
}
