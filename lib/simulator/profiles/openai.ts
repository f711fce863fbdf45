/**
 * OpenAI itself (the API as described by shared/openai-openapi, spec version 2.3.0): the
 * reference every other profile deviates from. Its responses validate against
 * shared/openai-openapi/chat-schemas.json. Each message below is OpenAI's own, with where it
 * was seen; reasoning models refuse `max_tokens`.
 */
import type { ModelSpec, ProfileSpec, RefusedRule } from "../types";
import { refused } from "./rules";

const models: ModelSpec[] = [
  { id: "gpt-4o-mini", kind: "chat", tools: true, vision: true, contextLength: 128000, maxOutputTokens: 16384 },
  { id: "gpt-4o", kind: "chat", tools: true, vision: true, contextLength: 128000, maxOutputTokens: 16384 },
  {
    id: "o3-mini",
    kind: "chat",
    tools: true,
    reasoning: true,
    contextLength: 200000,
    features: {
      // OpenAI's answer for o1/o3 models, quoted in shared/QUIRKS.md and many client issues.
      max_tokens: refused(
        400,
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
        {
          param: "max_tokens",
          code: "unsupported_parameter",
        },
      ),
    },
  },
  { id: "gpt-3.5-turbo-instruct", kind: "completion", contextLength: 4096 },
  { id: "text-embedding-3-small", kind: "embedding", dimensions: 1536 },
];

/**
 * OpenAI's 404s for a model on the other text endpoint (widely quoted, e.g. in openai-python
 * issues); the embeddings text is not verified (no quote of it was found).
 */
const WRONG_ENDPOINT: Record<"chat" | "completions" | "embeddings", RefusedRule> = {
  chat: refused(
    404,
    "This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?",
    { param: "model" },
  ),
  completions: refused(
    404,
    "This is a chat model and not supported in the v1/completions endpoint. Did you mean to use v1/chat/completions?",
    { param: "model" },
  ),
  embeddings: refused(400, "This model does not support embeddings.", { param: "model" }),
};

/** The OpenAI profile. */
export const openaiProfile: ProfileSpec = {
  name: "openai",
  label: "OpenAI",
  kind: "openai",
  version: "2.3.0",
  errorStyle: "openai",
  // A hosted API: no loading state a client sees.
  loading: { kind: "none" },
  ownedBy: "system",
  models,
  features: {
    // OpenAI refuses stream_options on a non-streaming request (its 400, as clients quote it).
    stream_options_without_stream: refused(
      400,
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      { param: "stream_options" },
    ),
  },
  // Not verified, and not reachable: every chat model of this profile supports tools.
  noToolsRule: refused(400, "tools is not supported with this model.", {
    param: "tools",
    code: "unsupported_parameter",
  }),
  // OpenAI's answer for gpt-3.5-turbo, quoted in vllm-project/vllm#11629 (2025-01-29):
  // `param` names the content part (`messages.[0].content.[1].type`), `code` is null.
  noVisionRule: refused(400, "Invalid content type. image_url is only supported by certain models.", {
    param: "messages",
  }),
  parallelToolCallsDefault: true,
  chatModelsServeCompletions: false,
  systemFingerprint: "fp_5f4d2ae1f4",
  wrongEndpointRule: (endpoint) => WRONG_ENDPOINT[endpoint],
  // OpenAI's 400 for a cap above the model's output limit (as seen in ChatGPTNextWeb/NextChat#3195:
  // "max_tokens is too large: 8192. This model supports at most 4096 completion tokens, whereas you provided 8192.").
  tokenLimitRule: (field, value, max) =>
    refused(
      400,
      `${field} is too large: ${value}. This model supports at most ${max} completion tokens, whereas you provided ${value}.`,
      { param: field },
    ),
  // OpenAI's 404 `model_not_found` (widely quoted).
  modelNotFoundRule: (model) =>
    refused(404, `The model \`${model}\` does not exist or you do not have access to it.`, {
      code: "model_not_found",
    }),
  discovery: [],
  // The Responses API itself (spec 2.3.0): stored for 30 days unless `store: false`.
  responses: { since: "OpenAI API (2025-03)", stateful: true },
};
