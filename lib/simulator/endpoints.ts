/** `GET /v1/models`, `GET /v1/models/{id}` and `POST /v1/embeddings`. */
import type { HandlerContext } from "./context";
import { encodeBase64Floats, embedText } from "./embeddings";
import { SimulatorHttpError, jsonResponse, refusalError } from "./http";
import { INVALID_INPUT_MESSAGE, assertEmbeddingWithinLimits } from "./limits";
import { MODEL_CREATED } from "./profiles/rules";
import { embeddingBodySchema, parseBody } from "./request";
import { applyFeature, checkModelKind, findModel, resolveModel } from "./rules";
import { countTokens } from "./text-model";
import type { ModelSpec, ProfileSpec } from "./types";

function modelObject(profile: ProfileSpec, model: ModelSpec): Record<string, unknown> {
  if (profile.modelEntry) return profile.modelEntry(model);
  return {
    id: model.id,
    object: "model",
    created: MODEL_CREATED,
    owned_by: profile.ownedBy,
    ...profile.modelListExtras?.(model),
  };
}

/** `GET /v1/models`. */
export function listModels(profile: ProfileSpec): Response {
  return jsonResponse({ object: "list", data: profile.models.map((model) => modelObject(profile, model)) });
}

/** `GET /v1/models/{id}` (ids may contain `/`, e.g. `Qwen/Qwen2.5-VL-7B-Instruct`). */
export function retrieveModel(profile: ProfileSpec, id: string): Response {
  const model = findModel(profile, id);
  if (!model) throw refusalError(profile.modelNotFoundRule(id), id);
  return jsonResponse(modelObject(profile, model));
}

function inputsOf(input: string | string[] | number[] | number[][]): string[] {
  if (typeof input === "string") return [input];
  if (input.length === 0) return [];
  if (typeof input[0] === "number") return [(input as number[]).join(" ")];
  return (input as (string | number[])[]).map((item) => (typeof item === "string" ? item : item.join(" ")));
}

/** `POST /v1/embeddings`: float or base64 vectors, one per input. */
export async function handleEmbeddings(ctx: HandlerContext, raw: unknown): Promise<Response> {
  const body = parseBody(embeddingBodySchema, raw);
  const { profile } = ctx;
  const model = resolveModel(profile, body.model);
  applyFeature(profile, model, "embeddings");
  checkModelKind(profile, model, "embeddings", body.model);
  const inputs = inputsOf(body.input);
  if (inputs.length === 0 || inputs.some((text) => text.length === 0)) {
    throw new SimulatorHttpError(400, INVALID_INPUT_MESSAGE, { param: "input" });
  }
  let dimensions = model.dimensions ?? 384;
  if (body.dimensions !== undefined && applyFeature(profile, model, "embedding_dimensions").kind === "honoured") {
    if (body.dimensions > dimensions) {
      throw new SimulatorHttpError(
        400,
        `This model's maximum dimensions is ${dimensions}; ${body.dimensions} requested.`,
        { param: "dimensions" },
      );
    }
    dimensions = body.dimensions;
  }
  const tokens = inputs.reduce((sum, text) => sum + countTokens(text), 0);
  assertEmbeddingWithinLimits(inputs.length, tokens, dimensions);
  await ctx.loadModel(model);
  const base64 = body.encoding_format === "base64";
  const data = inputs.map((text, index) => {
    const vector = embedText(text, dimensions);
    return { object: "embedding", index, embedding: base64 ? encodeBase64Floats(vector) : vector };
  });
  return jsonResponse({
    object: "list",
    data,
    // llama-server echoes the request's `model` (format_embeddings_response_oaicompat).
    model: profile.ignoresModelField ? body.model : model.id,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
