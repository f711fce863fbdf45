/**
 * The expectation table of the profile test: per profile, the models a check uses and what
 * the real server of the profile's named version does with each feature (honoured, ignored,
 * or refused with its status and its own message, as cited in lib/simulator/profiles/*).
 */
import type { CheckName, Fixture } from "./test-features";

/** A refusal: the status and the server's own message (exact text, or a pattern for echoes). */
export interface Refusal {
  status: number;
  message: string | RegExp;
}
export type Expected = "honoured" | "ignored" | "unenforced" | "garbled" | "n/a" | Refusal;
type Row = Partial<Record<CheckName, Expected>>;

const refused = (status: number, message: string | RegExp): Expected => ({ status, message });

/** Features every profile honours unless its row says otherwise. */
export const BASELINE: Record<CheckName, Expected> = {
  n: "honoured",
  max_tokens: "honoured",
  max_completion_tokens: "honoured",
  stop: "honoured",
  seed: "honoured",
  logprobs: "honoured",
  json_object: "honoured",
  json_schema: "honoured",
  tools: "honoured",
  tool_choice_required: "honoured",
  tool_choice_none: "honoured",
  tool_choice_function: "honoured",
  parallel_tool_calls: "honoured",
  tools_stream: "honoured",
  stream_usage: "honoured",
  vision_png: "honoured",
  vision_jpeg: "honoured",
  image_on_text_model: "n/a",
  image_http: "honoured",
  tools_on_model_without_tools: "n/a",
  embeddings: "honoured",
  embeddings_base64: "honoured",
  completions: "honoured",
  unknown_model: refused(404, /./),
};

/** Every check that sends a chat request (for rows where chat itself is refused). */
const CHAT_CHECKS = (Object.keys(BASELINE) as CheckName[]).filter(
  (c) => !["embeddings", "embeddings_base64", "completions"].includes(c),
);
const allChat = (expected: Expected): Row => Object.fromEntries(CHAT_CHECKS.map((c) => [c, expected]));

const LLAMA_N = refused(500, "Only one completion choice is allowed");
const LLAMA_TOOLS_STREAM = refused(500, "Cannot use tools with stream");
const LLAMA_JINJA = refused(500, "tools param requires --jinja flag");
const LLAMA_IMAGE = refused(
  500,
  /^Failed to parse messages: Unsupported content part type: "image_url"; messages = \[\n {2}\{\n {4}"role": "user"/,
);
const LLAMA_NO_EMBEDDINGS = refused(501, "This server does not support embeddings. Start it with `--embeddings`");
const VLLM_NO_EMBEDDINGS = refused(400, "The model does not support Embeddings API");
const VLLM_AUTO = refused(
  400,
  '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
);
const VLLM_TEMPLATE = refused(
  400,
  "As of transformers v4.44, default chat template is no longer allowed, so you must provide a chat template if the tokenizer does not define one. None",
);

const llamaRow: Row = {
  n: LLAMA_N,
  max_completion_tokens: "ignored",
  // Issue 12's observation on this build: json_schema answered with plain text.
  json_schema: "ignored",
  tool_choice_function: "ignored",
  tools_stream: LLAMA_TOOLS_STREAM,
  vision_png: LLAMA_IMAGE,
  vision_jpeg: LLAMA_IMAGE,
  image_http: LLAMA_IMAGE,
  embeddings: LLAMA_NO_EMBEDDINGS,
  embeddings_base64: LLAMA_NO_EMBEDDINGS,
  // llama-server serves its one model whatever `model` names.
  unknown_model: "ignored",
};

export const PROFILE_TABLE: Record<string, { fixture: Fixture; row: Row }> = {
  openai: {
    fixture: {
      chat: "gpt-4o-mini",
      vision: "gpt-4o",
      noVision: "o3-mini",
      embedding: "text-embedding-3-small",
      embeddingDims: 1536,
      completion: "gpt-3.5-turbo-instruct",
    },
    row: {
      image_on_text_model: refused(400, "Invalid content type. image_url is only supported by certain models."),
      unknown_model: refused(404, "The model `no-such-model-xyz` does not exist or you do not have access to it."),
    },
  },
  ollama: {
    fixture: {
      chat: "llama3.1:8b",
      vision: "llava:7b",
      noVision: "llama3.1:8b",
      noTools: "gemma:2b",
      embedding: "nomic-embed-text",
      embeddingDims: 768,
      completion: "llama3.1:8b",
    },
    row: {
      n: "ignored",
      max_completion_tokens: "ignored",
      logprobs: "ignored",
      tool_choice_required: "ignored",
      tool_choice_none: "ignored",
      tool_choice_function: "ignored",
      parallel_tool_calls: "ignored",
      image_on_text_model: refused(500, "this model is missing data required for image input"),
      image_http: refused(400, "invalid image input"),
      tools_on_model_without_tools: refused(400, "registry.ollama.ai/library/gemma:2b does not support tools"),
      unknown_model: refused(404, "model 'no-such-model-xyz' not found"),
    },
  },
  lmstudio: {
    fixture: {
      chat: "qwen2.5-7b-instruct",
      vision: "google/gemma-3-4b",
      noVision: "qwen2.5-7b-instruct",
      noTools: "google/gemma-3-4b",
      embedding: "text-embedding-nomic-embed-text-v1.5",
      embeddingDims: 768,
      completion: "qwen2.5-7b-instruct",
    },
    row: {
      json_object: refused(400, "'response_format.type' must be 'json_schema' or 'text'"),
      tool_choice_function: refused(
        400,
        "Invalid tool_choice type: 'object'. Supported string values: none, auto, required",
      ),
      image_on_text_model: refused(400, "Model does not support images. Please use a model that does."),
      tools_on_model_without_tools: "honoured",
      unknown_model: refused(
        400,
        'Invalid model identifier "no-such-model-xyz". Please specify a valid downloaded model (e.g., qwen2.5-7b-instruct, google/gemma-3-4b, text-embedding-nomic-embed-text-v1.5).',
      ),
    },
  },
  vllm: {
    fixture: {
      chat: "Qwen/Qwen2.5-VL-7B-Instruct",
      vision: "Qwen/Qwen2.5-VL-7B-Instruct",
      completion: "Qwen/Qwen2.5-VL-7B-Instruct",
    },
    row: {
      parallel_tool_calls: "ignored",
      embeddings: VLLM_NO_EMBEDDINGS,
      embeddings_base64: VLLM_NO_EMBEDDINGS,
      unknown_model: refused(404, "The model `no-such-model-xyz` does not exist."),
    },
  },
  "vllm-no-auto-tools": {
    fixture: {
      chat: "Qwen/Qwen2.5-VL-7B-Instruct",
      vision: "Qwen/Qwen2.5-VL-7B-Instruct",
      completion: "Qwen/Qwen2.5-VL-7B-Instruct",
    },
    row: {
      tools: VLLM_AUTO,
      parallel_tool_calls: "ignored",
      embeddings: VLLM_NO_EMBEDDINGS,
      embeddings_base64: VLLM_NO_EMBEDDINGS,
      unknown_model: refused(404, "The model `no-such-model-xyz` does not exist."),
    },
  },
  "vllm-base": {
    fixture: { chat: "facebook/opt-125m", vision: "facebook/opt-125m", completion: "facebook/opt-125m" },
    row: {
      ...allChat(VLLM_TEMPLATE),
      // The auto-tool check comes before the template; the images before it too.
      tools: VLLM_AUTO,
      vision_png: refused(400, "At most 0 image(s) may be provided in one prompt. None"),
      vision_jpeg: refused(400, "At most 0 image(s) may be provided in one prompt. None"),
      image_http: refused(400, "At most 0 image(s) may be provided in one prompt. None"),
      image_on_text_model: "n/a",
      tools_on_model_without_tools: "n/a",
      embeddings: VLLM_NO_EMBEDDINGS,
      embeddings_base64: VLLM_NO_EMBEDDINGS,
      unknown_model: refused(404, "The model `no-such-model-xyz` does not exist."),
    },
  },
  localai: {
    fixture: {
      chat: "qwen3-4b",
      vision: "minicpm-v-4_5",
      noVision: "qwen3-4b",
      embedding: "granite-embedding-107m-multilingual",
      embeddingDims: 384,
      completion: "qwen3-4b",
    },
    row: {
      json_schema: "unenforced",
      tools_stream: "garbled",
      image_on_text_model: "ignored",
      unknown_model: refused(404, "model not found"),
    },
  },
  llamacpp: {
    fixture: {
      chat: "qwen2.5-0.5b-instruct-q4_k_m.gguf",
      vision: "qwen2.5-0.5b-instruct-q4_k_m.gguf",
      completion: "qwen2.5-0.5b-instruct-q4_k_m.gguf",
    },
    row: llamaRow,
  },
  "llamacpp-no-jinja": {
    fixture: {
      chat: "qwen2.5-0.5b-instruct-q4_k_m.gguf",
      vision: "qwen2.5-0.5b-instruct-q4_k_m.gguf",
      completion: "qwen2.5-0.5b-instruct-q4_k_m.gguf",
    },
    row: {
      ...llamaRow,
      tools: LLAMA_JINJA,
      tool_choice_required: LLAMA_JINJA,
      tool_choice_none: LLAMA_JINJA,
      tool_choice_function: LLAMA_JINJA,
      parallel_tool_calls: LLAMA_JINJA,
      // The stream check comes first, even without --jinja.
      tools_stream: LLAMA_TOOLS_STREAM,
    },
  },
  koboldcpp: {
    fixture: {
      chat: "koboldcpp/gemma-3-4b-it-Q4_K_M",
      vision: "koboldcpp/gemma-3-4b-it-Q4_K_M",
      completion: "koboldcpp/gemma-3-4b-it-Q4_K_M",
    },
    row: {
      n: "ignored",
      parallel_tool_calls: "ignored",
      stream_usage: "ignored",
      // Accepted; the URL is dropped from the prompt (koboldcpp.test.ts shows the reply ignores it).
      image_http: "honoured",
      // No embeddings model loaded: a 400 in the simulator's own words (KoboldCpp's answer is not
      // verified), in KoboldCpp's `{"detail":{"msg"}}` shape, which the SDK does not read: no message.
      embeddings: refused(400, ""),
      embeddings_base64: refused(400, ""),
      // KoboldCpp serves its one model whatever `model` names.
      unknown_model: "ignored",
    },
  },
  "llamacpp-embeddings": {
    fixture: {
      chat: "nomic-embed-text-v1.5.Q8_0.gguf",
      vision: "nomic-embed-text-v1.5.Q8_0.gguf",
      completion: "nomic-embed-text-v1.5.Q8_0.gguf",
      embedding: "nomic-embed-text-v1.5.Q8_0.gguf",
      embeddingDims: 768,
    },
    row: {
      ...allChat(refused(501, "This server does not support completions. Start it without `--embeddings`")),
      image_on_text_model: "n/a",
      tools_on_model_without_tools: "n/a",
      completions: refused(501, "This server does not support completions. Start it without `--embeddings`"),
    },
  },
};
