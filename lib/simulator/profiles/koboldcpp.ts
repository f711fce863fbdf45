/**
 * KoboldCpp 1.76 (LostRuins/koboldcpp, the single-file `koboldcpp.py` server; behaviour read from
 * its source, /work/research/servers.md §6: the 2024 copies for the endpoints and flags, the
 * `transform_genparams` of later builds for what the OpenAI endpoints do with each field — the
 * exact 1.76 tag was not read, so where the two eras could differ this profile says so).
 * Started as `koboldcpp --model gemma-3-4b-it-Q4_K_M.gguf --mmproj … --multiuser 0`: one text
 * model with vision, no embeddings model, no `--password`, no multiuser queue.
 * - Errors are `{"detail":{"msg","type"}}`, never OpenAI's envelope (§6.3).
 * - Busy: a chat or completion that arrives while one is generating gets 503 "Server is busy;
 *   please try again later." (`do_POST` when `modelbusy`; with multiuser on, requests queue
 *   instead and only a full queue answers this).
 * - `n` is not read (one choice); `max_tokens` and `max_completion_tokens` are both honoured
 *   (`genparams.get('max_tokens', genparams.get('max_completion_tokens', …))`); `stop`, `seed`
 *   (`sampler_seed`), `logprobs` and `logit_bias` are read.
 * - `response_format` becomes a GBNF grammar (`json_object`: a built-in JSON grammar,
 *   `json_schema`: `convert_json_to_gbnf`); a schema the converter rejects is discarded with a
 *   log line (`Structured Output not valid - discarded`) and the output is unconstrained. The
 *   schemas the probes send convert, so this profile enforces them.
 * - Tools are rendered into the prompt (`### Available Tools:`) and, when the model wants one,
 *   the output is grammar-forced into a tool-call array: any model "supports" tools, never a
 *   refusal. `parallel_tool_calls` is not read (the grammar allows several calls).
 * - Images: only `data:image…` URLs are taken; an http(s) URL is silently dropped.
 * - `stream_options` is not among the fields `transform_genparams` reads: no usage chunk.
 * - `model` is not read: the one loaded model answers whatever the request names.
 * - An unknown GET path: 404, plain text "Error: HTTP Server is running, but this endpoint does
 *   not exist. Please check the URL."
 */
import { jsonResponse } from "../http";
import type { ModelSpec, ProfileSpec } from "../types";
import { honoured, ignored, refused } from "./rules";

const VERSION = "1.76";
/** `friendlymodelname`: "koboldcpp/" + the model file's name without `.gguf`. */
const MODEL_NAME = "koboldcpp/gemma-3-4b-it-Q4_K_M";
/** `--contextsize` default. */
const CONTEXT = 4096;

const models: ModelSpec[] = [{ id: MODEL_NAME, kind: "chat", tools: true, vision: true, contextLength: CONTEXT }];

const NOT_FOUND_TEXT = "Error: HTTP Server is running, but this endpoint does not exist. Please check the URL.";

/**
 * `GET /api/extra/version` of the 2024 `get_capabilities()` (the flag set of the copies read;
 * later builds add `audio`, `embeddings`, `admin`, `router`, `jinja`, `mcp`…).
 */
function versionBody(): Record<string, unknown> {
  return {
    result: "KoboldCpp",
    version: VERSION,
    protected: false,
    llm: true,
    txt2img: false,
    vision: true,
    transcribe: false,
    multiplayer: false,
    websearch: false,
    tts: false,
  };
}

/** The KoboldCpp profile. */
export const koboldcppProfile: ProfileSpec = {
  name: "koboldcpp",
  label: "KoboldCpp",
  kind: "koboldcpp",
  version: VERSION,
  errorStyle: "koboldcpp",
  // The model is loaded before the HTTP server starts: there is no loading state to see.
  loading: { kind: "none" },
  ownedBy: "koboldcpp",
  models,
  features: {
    n: ignored,
    parallel_tool_calls: ignored,
    image_url_http: ignored,
    stream_options: ignored,
    stream_options_without_stream: ignored,
    user: ignored,
    embedding_dimensions: ignored,
  },
  // Tools go into the prompt and a grammar forces the call: no model is refused them.
  noToolsRule: honoured,
  // Without `--mmproj` images are not processed (not verified in source; this model has vision).
  noVisionRule: ignored,
  busyRule: refused(503, "Server is busy; please try again later.", { type: "service_unavailable" }),
  notFound: () => new Response(NOT_FOUND_TEXT, { status: 404 }),
  parallelToolCallsDefault: true,
  ignoresModelField: true,
  chatModelsServeCompletions: true,
  // Never used (`ignoresModelField`); KoboldCpp has no unknown-model answer.
  modelNotFoundRule: (model) => refused(404, `model ${model} not found`),
  // `/v1/models` (K-mid): `{"id", "object":"model", "created":1, "owned_by":"koboldcpp", "permission":[], "root":"koboldcpp"}`.
  modelEntry: (m) => ({
    id: m.id,
    object: "model",
    created: 1,
    owned_by: "koboldcpp",
    permission: [],
    root: "koboldcpp",
  }),
  discovery: [
    { method: "GET", path: "/api/extra/version", handle: () => jsonResponse(versionBody()) },
    { method: "GET", path: "/api/v1/model", handle: () => jsonResponse({ result: MODEL_NAME }) },
    { method: "GET", path: "/api/v1/config/max_context_length", handle: () => jsonResponse({ value: CONTEXT }) },
    { method: "GET", path: "/api/extra/true_max_context_length", handle: () => jsonResponse({ value: CONTEXT }) },
    {
      method: "GET",
      path: "/api/extra/perf",
      handle: () =>
        jsonResponse({
          last_process: 0,
          last_eval: 0,
          last_token_count: 0,
          stop_reason: -1,
          queue: 0,
          idle: 1,
        }),
    },
  ],
};
