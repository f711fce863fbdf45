/**
 * Shared types of the OpenAI-compatible simulator: server profiles, their models and
 * the rules that say what each server does with a request feature.
 */

/** A request feature whose handling differs between real servers (see shared/QUIRKS.md). */
export type FeatureKey =
  | "n"
  | "max_tokens"
  | "max_completion_tokens"
  | "stop"
  | "seed"
  | "logprobs"
  | "tools"
  | "tools_stream"
  | "tool_choice_auto"
  | "tool_choice_required"
  | "tool_choice_none"
  | "tool_choice_function"
  | "parallel_tool_calls"
  | "json_object"
  | "json_schema"
  | "stream_options"
  | "stream_options_without_stream"
  | "image_input"
  | "image_url_http"
  | "logit_bias"
  | "user"
  | "embeddings"
  | "embedding_dimensions"
  | "completions";

/** The request feature is applied as OpenAI documents it. */
export interface HonouredRule {
  kind: "honoured";
}

/** HTTP 200, the field is silently dropped (the case a probe must call `partial`). */
export interface IgnoredRule {
  kind: "ignored";
}

/**
 * The JSON shape a server wraps its errors in (each profile names its own, see `http.ts`):
 * - `openai`: `{"error":{"message","type","param","code"}}`;
 * - `string`: `{"error":"<message>"}` (LM Studio's chat completions);
 * - `llamacpp`: `{"error":{"code":<status>,"message","type"}}` (`format_error_response`);
 * - `ollama`: `{"error":{"message","type","param":null,"code":null}}` (`openai.NewError`);
 * - `vllm`: `{"error":{"message","type","param","code":<status>}}` (`ErrorResponse`, v0.10.1+);
 * - `localai`: `{"error":{"code":<status>,"message","type":""}}` (`schema.APIError`);
 * - `koboldcpp`: `{"detail":{"msg","type"}}` (koboldcpp.py, never OpenAI's envelope).
 */
export type ErrorStyle = "openai" | "string" | "llamacpp" | "ollama" | "vllm" | "localai" | "koboldcpp";

/**
 * The server refuses the request. `{model}` in `message` is replaced by the model id,
 * `{requested}` by the model name as the client sent it.
 */
export interface RefusedRule {
  kind: "refused";
  status: number;
  message: string;
  type?: string;
  param?: string | null;
  code?: string | null;
  /** Overrides the profile's {@link ProfileSpec.errorStyle} for this one answer. */
  bodyStyle?: ErrorStyle;
}

/** Accepted with HTTP 200 but the output is not constrained (LocalAI grammar failures). */
export interface UnenforcedRule {
  kind: "unenforced";
}

/** Accepted, but the answer is broken: `content` is sent instead (LocalAI#9988 answers `{"`). */
export interface GarbledRule {
  kind: "garbled";
  content: string;
}

/** What a server does with one request feature. */
export type FeatureRule = HonouredRule | IgnoredRule | RefusedRule | UnenforcedRule | GarbledRule;

/** What a model is for: chat models also serve legacy completions on local servers. */
export type ModelKind = "chat" | "completion" | "embedding";

/** One model served by a simulated server. */
export interface ModelSpec {
  id: string;
  kind: ModelKind;
  tools?: boolean;
  vision?: boolean;
  reasoning?: boolean;
  /** Embedding vector length (embedding models only). */
  dimensions?: number;
  contextLength?: number;
  /** Completion tokens the model may be asked for at most (OpenAI refuses more with 400). */
  maxOutputTokens?: number;
  /** Free-form facts used by discovery endpoints (family, size, quantization…). */
  meta?: Record<string, string | number>;
  /** Model-level overrides of the profile's feature rules (e.g. o3-mini refuses max_tokens). */
  features?: Partial<Record<FeatureKey, FeatureRule>>;
  /** `false`: the tokenizer has no chat template (a base model), chat gets {@link ProfileSpec.noChatTemplateRule}. */
  chatTemplate?: boolean;
}

/** Context handed to a discovery endpoint handler. */
export interface DiscoveryContext {
  profile: ProfileSpec;
  request: Request;
  /** Parsed JSON body for POST endpoints (undefined when absent or invalid). */
  body: unknown;
}

/** A server's own (non-OpenAI) endpoint, e.g. Ollama's `/api/tags`. */
export interface DiscoveryEndpoint {
  method: "GET" | "POST";
  /** Path after the profile segment, e.g. `/api/tags` or `/v1/models/capabilities`. */
  path: string;
  handle(ctx: DiscoveryContext): Response | Promise<Response>;
}

/** Context for a profile's response decoration (llama.cpp's `timings`, vLLM's `stop_reason`…). */
export interface DecorateContext {
  promptTokens: number;
  completionTokens: number;
  elapsedMs: number;
}

/**
 * What a server does while a model is loading: on the `+loading` fault, and (`firstRequest`)
 * on the first inference request per model of a simulator instance (LM Studio's JIT loading).
 * - `refuse`: every endpoint answers `rule` (llama.cpp's 503 "Loading model");
 * - `block`: inference requests wait `FaultSettings.modelLoadMs`, then answer normally;
 * - `none`: the server has no such state a client could see.
 */
export type LoadingBehaviour =
  { kind: "refuse"; rule: RefusedRule } | { kind: "block"; firstRequest: boolean } | { kind: "none" };

/** A declarative description of one simulated server. Adding a profile is one of these. */
export interface ProfileSpec {
  /** Path segment: `/<name>/v1`. */
  name: string;
  /** Human label, e.g. "Ollama". */
  label: string;
  /** Server kind as the app's presets name it. */
  kind: "openai" | "ollama" | "lmstudio" | "vllm" | "localai" | "llamacpp" | "koboldcpp";
  /** The one real version this profile reproduces (named in its header comment with its sources). */
  version: string;
  /** The shape of this server's error bodies. */
  errorStyle: ErrorStyle;
  /** What `+loading` (and LM Studio's first request) does. Default: none. */
  loading?: LoadingBehaviour;
  ownedBy: string;
  models: ModelSpec[];
  /** Rules per feature; a missing key means honoured. */
  features: Partial<Record<FeatureKey, FeatureRule>>;
  /** Rule applied when tools go to a model without tool support. */
  noToolsRule: FeatureRule;
  /** Rule applied when an image goes to a model without vision. */
  noVisionRule: FeatureRule;
  /** Rule applied to chat with a model whose {@link ModelSpec.chatTemplate} is false. */
  noChatTemplateRule?: RefusedRule;
  /**
   * llama.cpp's own structured-output fields: `response_format: {type: "json_object", schema}`
   * and a top-level `json_schema` are enforced as JSON Schemas.
   */
  nativeSchemaFields?: boolean;
  /**
   * The server's own request checks, in its own order, run before the generic rules (llama.cpp
   * parses the whole body in one function; each `throw` there is one refusal). `raw` is the
   * request JSON as sent (key order kept), for servers that echo parts of it.
   */
  preflightChat?(raw: Record<string, unknown>): void;
  /** The same for legacy `/v1/completions`. */
  preflightCompletion?(raw: Record<string, unknown>): void;
  /** Default of `parallel_tool_calls` when the request does not set it. */
  parallelToolCallsDefault: boolean;
  /** llama.cpp serves one model whatever `model` says. */
  ignoresModelField?: boolean;
  /** Whether chat models also answer legacy `/v1/completions` (true on local servers). */
  chatModelsServeCompletions: boolean;
  systemFingerprint?: string;
  /** Custom model lookup (Ollama adds the default `:latest` tag). Defaults to an exact id match. */
  resolveModel?(requested: string): ModelSpec | undefined;
  /** Refusal when a model is used on an endpoint of the wrong kind (e.g. chat with an embedding model). */
  wrongEndpointRule?(endpoint: "chat" | "completions" | "embeddings"): RefusedRule | undefined;
  /** Refusal of a `max_tokens` / `max_completion_tokens` above the model's {@link ModelSpec.maxOutputTokens}. */
  tokenLimitRule?(field: "max_tokens" | "max_completion_tokens", value: number, max: number): RefusedRule;
  /**
   * The answer to an inference request (chat, completions) while another one is generating:
   * a server that runs one generation at a time and refuses, not queues, the next (KoboldCpp's
   * 503 "Server is busy"). Absent: requests run side by side.
   */
  busyRule?: RefusedRule;
  /** The answer to a path the profile does not serve (default: OpenAI's 404 `Invalid URL`). */
  notFound?(method: string, path: string): Response;
  /** The refusal for an unknown model (status, message and shape differ per server). */
  modelNotFoundRule(model: string): RefusedRule;
  /** Extra fields for `/v1/models` entries. */
  modelListExtras?(model: ModelSpec): Record<string, unknown>;
  /** Replaces the whole `/v1/models` entry (LocalAI's has only `id` and `object`). */
  modelEntry?(model: ModelSpec): Record<string, unknown>;
  /** Adds server-specific fields to a non-stream body or the final stream chunk. */
  decorateBody?(body: Record<string, unknown>, ctx: DecorateContext): void;
  /** Adds server-specific fields to each choice (vLLM's `stop_reason`). */
  decorateChoice?(choice: Record<string, unknown>): void;
  discovery: DiscoveryEndpoint[];
  /**
   * `POST /v1/responses`, where the real server serves it (absent: 404 like any unknown path).
   * Served the way those servers implement it — converted to a chat request and back.
   */
  responses?: ResponsesEndpoint;
}

/** How a server serves the Responses API. */
export interface ResponsesEndpoint {
  /** The first version that served it, with the source (for the profile's comment and the README). */
  since: string;
  /** The shape of its errors on this endpoint (LM Studio: OpenAI's, unlike its chat errors). */
  errorStyle?: ErrorStyle;
  /** Whether it keeps responses for `previous_response_id`. */
  stateful: boolean;
}
