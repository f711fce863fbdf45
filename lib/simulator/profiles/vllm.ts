/**
 * vLLM 0.11.0 (October 2025) serving one model. Sources (vllm-project/vllm, read through the
 * research index, /work/research/servers.md §3): `entrypoints/openai/serving_chat.py` of the
 * v0.10 line (003fe593), `protocol.py` (`ErrorResponse`, `check_tool_usage`, `ModelCard`),
 * `serving_engine.py` (`create_error_response`), `api_server.py` (`create_embedding`).
 * - Error body since v0.10.1 (PR #22099): `{"error":{"message","type":"BadRequestError","param":null,"code":400}}`.
 * - `check_tool_usage`: `tools` without `tool_choice` counts as `"auto"`, which needs
 *   `--enable-auto-tool-choice --tool-call-parser …` (400 otherwise).
 * - Template and message-parsing failures are answered as `f"{e} {e.__cause__}"`, so they end
 *   in " None" (the v0.10-era code; v0.14 changed this, whether 0.11.0 still does is not
 *   verified beyond the v0.10 source).
 * Three servers come from {@link createVllmProfile}: with auto tool choice, without it, and a
 * base model without a chat template (`vllm serve facebook/opt-125m`).
 */
import { jsonResponse } from "../http";
import type { ModelSpec, ProfileSpec } from "../types";
import { MODEL_CREATED, ignored, refused } from "./rules";

const VERSION = "0.11.0";

const VISION_MODEL: ModelSpec = {
  id: "Qwen/Qwen2.5-VL-7B-Instruct",
  kind: "chat",
  tools: true,
  vision: true,
  contextLength: 32768,
};

/** A base model: its tokenizer defines no chat template, but legacy completions work. */
const BASE_MODEL: ModelSpec = { id: "facebook/opt-125m", kind: "chat", chatTemplate: false, contextLength: 2048 };

/** `create_error_response(f"{e} {e.__cause__}")` of a failure without a chained cause. */
const wrapped = (message: string): string => `${message} None`;

/** The one entry of `ModelCard.permission` (protocol.py `ModelPermission`, with a fixed id), the same for every model. */
const MODEL_PERMISSION = {
  id: "modelperm-sim",
  object: "model_permission",
  created: MODEL_CREATED,
  allow_create_engine: false,
  allow_sampling: true,
  allow_logprobs: true,
  allow_search_indices: false,
  allow_view: true,
  allow_fine_tuning: false,
  organization: "*",
  group: null,
  is_blocking: false,
};

/** The request features vLLM ignores or refuses; `tool_choice: "auto"` only with `--enable-auto-tool-choice`. */
function vllmFeatures(autoToolChoice: boolean): ProfileSpec["features"] {
  return {
    // Accepted for compatibility and ignored (startup log of serving_chat.py, v0.10).
    parallel_tool_calls: ignored,
    user: ignored,
    embedding_dimensions: ignored,
    // api_server.py `create_embedding`: no embedding handler for a generative model.
    embeddings: refused(400, "The model does not support Embeddings API"),
    ...(autoToolChoice
      ? {}
      : {
          // serving_chat.py `create_chat_completion` (a direct message: no " None" suffix).
          tool_choice_auto: refused(
            400,
            '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
          ),
        }),
  };
}

/** How one vLLM server was started. */
interface VllmStart {
  name: string;
  label: string;
  model: ModelSpec;
  autoToolChoice: boolean;
}

/** A vLLM profile serving `model`; `autoToolChoice: false` is a server started without `--enable-auto-tool-choice`. */
export function createVllmProfile({ name, label, model, autoToolChoice }: VllmStart): ProfileSpec {
  return {
    name,
    label,
    kind: "vllm",
    version: VERSION,
    errorStyle: "vllm",
    // The API server starts listening only once the engine has loaded the model: before that
    // a client gets a refused connection, which the simulator cannot answer with. `+loading`
    // therefore changes nothing here.
    loading: { kind: "none" },
    ownedBy: "vllm",
    models: [model],
    features: vllmFeatures(autoToolChoice),
    noToolsRule: ignored,
    // Observed vLLM text for a prompt with more images than the model takes (0 for a text-only
    // model), e.g. vLLM deployment notes in the research index; the source was not read. It
    // is raised while parsing messages, so it gets the " None" suffix.
    noVisionRule: refused(400, wrapped("At most 0 image(s) may be provided in one prompt.")),
    // chat_utils.py `apply_hf_chat_template` (≤ v0.10) / renderers/hf.py (2026), a ValueError
    // caught by `create_chat_completion`.
    noChatTemplateRule: refused(
      400,
      wrapped(
        "As of transformers v4.44, default chat template is no longer allowed, so you must provide a chat template if the tokenizer does not define one.",
      ),
    ),
    parallelToolCallsDefault: true,
    chatModelsServeCompletions: true,
    // serving_engine.py `_check_model`: 404 NotFoundError.
    modelNotFoundRule: (requested) => refused(404, `The model \`${requested}\` does not exist.`),
    modelListExtras: (m) => ({
      root: m.id,
      parent: null,
      max_model_len: m.contextLength,
      permission: [MODEL_PERMISSION],
    }),
    // vLLM adds `stop_reason` (the matched stop string or token id) to every choice.
    decorateChoice: (choice) => {
      choice.stop_reason = null;
    },
    // /v1/responses since PR vllm-project/vllm#20504 (first release ≈ v0.10.0, not pinned). Its
    // response store is off unless VLLM_ENABLE_RESPONSES_API_STORE=1 (serving_responses.py), so a
    // default server does not continue from `previous_response_id`.
    responses: { since: "0.10.0", stateful: false },
    discovery: [
      // api_server.py `show_version` (not re-read).
      { method: "GET", path: "/version", handle: () => jsonResponse({ version: VERSION }) },
      { method: "GET", path: "/health", handle: () => new Response(null, { status: 200 }) },
    ],
  };
}

/** `vllm serve Qwen/Qwen2.5-VL-7B-Instruct --enable-auto-tool-choice --tool-call-parser hermes`. */
export const vllmProfile = createVllmProfile({
  name: "vllm",
  label: "vLLM",
  model: VISION_MODEL,
  autoToolChoice: true,
});

/** The same without `--enable-auto-tool-choice`. */
export const vllmNoAutoToolsProfile = createVllmProfile({
  name: "vllm-no-auto-tools",
  label: "vLLM (no auto tool choice)",
  model: VISION_MODEL,
  autoToolChoice: false,
});

/** `vllm serve facebook/opt-125m`: a base model whose tokenizer has no chat template. */
export const vllmBaseProfile = createVllmProfile({
  name: "vllm-base",
  label: "vLLM (base model, no chat template)",
  model: BASE_MODEL,
  autoToolChoice: false,
});
