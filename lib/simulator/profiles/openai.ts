/**
 * OpenAI itself: the reference every other profile deviates from. Its responses validate
 * against shared/openai-openapi/chat-schemas.json. Reasoning models refuse `max_tokens`.
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
  ownedBy: "system",
  models,
  features: {
    // OpenAI refuses stream_options on a non-streaming request.
    stream_options_without_stream: refused(
      400,
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      { param: "stream_options" },
    ),
  },
  noToolsRule: refused(400, "tools is not supported with this model.", {
    param: "tools",
    code: "unsupported_parameter",
  }),
  noVisionRule: refused(400, "Invalid content type. image_url is only supported by certain models.", {
    param: "messages",
    code: "invalid_value",
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
  modelNotFoundMessage: (model) => `The model \`${model}\` does not exist or you do not have access to it.`,
  discovery: [],
};
